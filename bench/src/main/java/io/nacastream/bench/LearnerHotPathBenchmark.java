package io.nacastream.bench;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.kernel.MembraneKernel;
import io.nacastream.learner.kernel.MembraneKernels;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import io.nacastream.service.config.ModelConfigs;
import io.nacastream.service.config.ServiceConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH: input spikes per second through the NACA learner on one core, 2048 inputs, for several hidden sizes, with
 * learning on or off and the operation counters on or off; plus the roofline reference, a plain column add over the
 * same weights ({@code v += W[i]}), so results can be quoted as a ratio to it. Inputs are uniform random, 2 µs
 * apart (a 500k spikes/s stream), in batches of 4096 spikes like a packet. With learning on, the stream is labelled
 * in learnable segments of 100 ms of stream time (alternating two classes), each scored, then replayed to learn it
 * after its verdict (strict test-then-train), as the service does. The network is the service's default or the hidden
 * rule with the spikes readout ({@link #network}). Two steps between the roofline and the learner split the gap:
 * {@link #membraneIntegrate} (the leak and integrate alone) and {@link #membraneKernel} (event mode's kernel alone,
 * threshold test and resets included), both on the learner's own first-layer weights and the same spikes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class LearnerHotPathBenchmark {

    static final int BATCH = 4096;
    static final int INPUTS = 2048;

    @Param({"256", "512", "1024"})
    int hidden;

    @Param({"true", "false"})
    boolean learning;

    @Param({"false", "true"})
    boolean counters;

    @Param({"EVENT", "TICK"})
    NacaConfig.Mode mode;

    /**
     * The network: {@code default} (the service's defaults: ridge readout, fixed hidden layer) or {@code rule} (the
     * hidden rule on with the output layer's spikes as readout, η_h = η_o = 0.003, threshold 0.5: the default before
     * issue 19, so the per-spike learning path is measured too).
     */
    @Param({"default", "rule"})
    String network;

    /** Weight bound of the learning rule: the service's default; {@code -p bound=0,0.1} prices the clamp. */
    @Param({"0.1"})
    float bound;

    /** Event mode's membrane kernel ({@code learner.kernel}): the Vector API one or the scalar fallback. */
    @Param({"vector", "scalar"})
    String kernel;

    /** Length of one labelled segment, stream time. */
    static final long SEGMENT_US = 100_000;

    private NacaLearner learner;
    private LabelBook labels;
    private long labelledUntil;
    private int[][] inputs;
    private long[] offsets;
    private long[] times;
    private int next;
    private long base;
    private float[][] columns;
    private float[] v;
    private LearnerListener listener;
    private MembraneKernel membranes;
    private float[][] firstLayer;
    private float[] kernelV;
    private int[] fired;
    private float decay;
    private float threshold;

    /** Builds the learner, the spike batches and the roofline weights. */
    @Setup
    public void setup(Blackhole bh) {
        labels = new LabelBook();
        labelledUntil = 0;
        label(0);
        NacaConfig defaults = ModelConfigs.naca(ServiceConfig.of(Map.of("learner.hidden", String.valueOf(hidden)),
                Map.of()), INPUTS).toBuilder().mode(mode).weightBound(bound).build();
        NacaConfig config = network.equals("default") ? defaults
                : BenchLearners.reference(defaults).toBuilder().weightBound(bound).build();
        learner = new NacaLearner(new NacaNetwork(config), labels, 100_000, counters, SegmentReplay.DEFAULT_LIMIT,
                MembraneKernels.named(kernel));
        SplittableRandom r = new SplittableRandom(1);
        inputs = new int[64][BATCH];
        for (int[] batch : inputs) {
            for (int k = 0; k < BATCH; k++) {
                batch[k] = r.nextInt(INPUTS);
            }
        }
        offsets = new long[BATCH];
        for (int k = 0; k < BATCH; k++) {
            offsets[k] = 2L * k;
        }
        times = new long[BATCH];
        columns = new float[INPUTS][hidden];
        for (float[] c : columns) {
            for (int j = 0; j < hidden; j++) {
                c[j] = (float) r.nextDouble(-0.02, 0.02);
            }
        }
        v = new float[hidden];
        membranes = MembraneKernels.named(kernel);
        firstLayer = learner.network().weights(0);
        kernelV = new float[hidden];
        fired = new int[hidden];
        decay = (float) Math.exp(-2 * (1.0 / config.hiddenTauUs()));   // as the learner computes a 2-µs decay
        threshold = config.threshold();
        listener = new LearnerListener() {
            @Override
            public void onPrediction(Prediction prediction) {
                bh.consume(prediction);
            }

            @Override
            public void onSegment(SegmentResult result) {
                bh.consume(result);
            }
        };
    }

    /** The learner's operation counts so far (all zero unless {@link #counters}). */
    OpCounts learnerCounts() {
        return learner.counts();
    }

    /** With learning on, labels the stream up to past {@code untilUs} and forgets segments long closed. */
    private void label(long untilUs) {
        if (!learning || labelledUntil > untilUs) {
            return;
        }
        while (labelledUntil <= untilUs) {
            int cls = (int) (labelledUntil / SEGMENT_US % 2) == 0 ? 3 : 7;
            labels.add(new LabelSegment("s", cls, labelledUntil, labelledUntil + SEGMENT_US, true));
            labelledUntil += SEGMENT_US;
        }
        labels.prune("s", untilUs - 10 * SEGMENT_US);
    }

    /** The learner on one batch of input spikes. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void learner() {
        for (int k = 0; k < BATCH; k++) {
            times[k] = base + offsets[k];
        }
        label(base + 2L * BATCH);
        base += 2L * BATCH;
        learner.process(SpikeTrain.wrap("s", inputs[next++ & 63], times, BATCH), listener);
    }

    /**
     * Event mode's membrane kernel alone, as the learner runs it on the same spikes: the decay of the 2-µs gap, the
     * column add of the learner's own first-layer weights, the threshold test (no plasticity mask, as by default),
     * and the units found reset to 0.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int membraneKernel() {
        int[] batch = inputs[next++ & 63];
        float[] mv = kernelV;
        int spikes = 0;
        for (int k = 0; k < BATCH; k++) {
            int m = membranes.integrateAndDetect(mv, decay, firstLayer[batch[k]], threshold, null, fired);
            for (int i = 0; i < m; i++) {
                mv[fired[i]] = 0f;
            }
            spikes += m;
        }
        return spikes;
    }

    /**
     * The kernel's leak and integrate without its threshold test, v = v · decay + W[i] in a plain loop (C2
     * vectorizes it), on the same spikes and weights as {@link #membraneKernel}: what the threshold test costs.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float membraneIntegrate() {
        int[] batch = inputs[next++ & 63];
        float[] mv = kernelV;
        float d = decay;
        for (int k = 0; k < BATCH; k++) {
            float[] c = firstLayer[batch[k]];
            for (int j = 0; j < mv.length; j++) {
                mv[j] = mv[j] * d + c[j];
            }
        }
        return mv[0];
    }

    /** Roofline: the forward column add alone, v += W[i], for the same spikes. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float columnAdd() {
        int[] batch = inputs[next++ & 63];
        float[] acc = v;
        for (int k = 0; k < BATCH; k++) {
            float[] c = columns[batch[k]];
            for (int j = 0; j < acc.length; j++) {
                acc[j] += c[j];
            }
        }
        return acc[0];
    }
}
