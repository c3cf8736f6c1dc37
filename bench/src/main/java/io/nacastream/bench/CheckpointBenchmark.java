package io.nacastream.bench;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.PendingSegment;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.StreamSnapshot;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.energy.OpCounts;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH: what one model's checkpoint costs, with the service's defaults (2048 inputs, ridge readout) at a hidden size
 * and time base: {@link #snapshot} (what the learner thread pays: the copy of the network, counts, open segments and
 * the stream's state), {@link #encode} (the checkpoint thread: the bytes of docs/checkpoint-format.md) and
 * {@link #restore} (decoding them into a learner that goes on where the model stopped). The model has learned
 * 800,000 random input spikes of one stream, 2 µs apart, in labelled segments of 100 ms, and stopped mid-segment.
 * Its size is printed once per fork ({@code # checkpoint bytes}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class CheckpointBenchmark {

    static final int INPUTS = 2048;

    @Param({"256", "1024"})
    int hidden;

    @Param({"EVENT", "TICK"})
    NacaConfig.Mode mode;

    private NacaLearner learner;
    private LabelBook labels;
    private byte[] bytes;

    /** The model, trained and stopped mid-segment, and its checkpoint bytes. */
    @Setup
    public void setup() {
        labels = new LabelBook();
        for (long t = 0; t < 2_000_000; t += 100_000) {
            labels.add(new LabelSegment("cam", (int) (t / 100_000 % 11), t, t + 100_000, true));
        }
        NacaConfig config = ModelConfigs.naca(ServiceConfig.of(Map.of("learner.hidden", String.valueOf(hidden)),
                Map.of()), INPUTS).toBuilder().mode(mode).build();
        learner = new NacaLearner(new NacaNetwork(config), labels, 100_000, true);
        SplittableRandom r = new SplittableRandom(1);
        LearnerListener quiet = new LearnerListener() {
            @Override
            public void onPrediction(Prediction prediction) {
            }

            @Override
            public void onSegment(SegmentResult result) {
            }
        };
        for (int b = 0; b < 200; b++) {
            int[] in = new int[4096];
            long[] t = new long[4096];
            for (int k = 0; k < in.length; k++) {
                in[k] = r.nextInt(INPUTS);
                t[k] = 8192L * b + 2L * k;
            }
            learner.process(SpikeTrain.of("cam", in, t), quiet);
        }
        bytes = encode();
        List<StreamSnapshot> streams = learner.streamSnapshots();
        System.out.printf("# checkpoint bytes: %d (the stream's state %d) at H = %d, %s%n", bytes.length,
                streams.isEmpty() ? 0 : streams.get(0).bytes().length, hidden, mode);
    }

    /** What the learner thread copies (the network, counts, open segments, the streams' state). */
    @Benchmark
    public Object snapshot() {
        NacaNetwork network = learner.network().copy();
        OpCounts counts = learner.counts();
        List<PendingSegment> pending = learner.pending();
        List<StreamSnapshot> streams = learner.streamSnapshots();
        return new Object[] {network, counts, pending, streams};
    }

    /** The checkpoint's bytes (on the service's checkpoint thread, from the snapshot). */
    @Benchmark
    public byte[] encode() {
        return Checkpoint.encode(learner.network(), learner.counts(), null, learner.pending(),
                learner.streamSnapshots());
    }

    /** The bytes decoded into a learner that goes on where the model stopped. */
    @Benchmark
    public NacaLearner restore() {
        Checkpoint.Model m = Checkpoint.decode(bytes);
        NacaLearner back = new NacaLearner(m.network(), labels, 100_000, true);
        back.restoreCounts(m.counts());
        m.pending().forEach(back::restorePending);
        m.streams().forEach(back::restoreStream);
        return back;
    }

    /** The learner the checkpoint is of (tests). */
    NacaLearner learner() {
        return learner;
    }
}
