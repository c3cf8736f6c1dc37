package io.nacastream.learner.naca;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentTracker;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.OpCounts;

import java.util.HashMap;
import java.util.Map;

/**
 * A purely feedforward NACA learner (naca.md §1, §4) driven by input spikes, on plain {@code float[]} columns.
 *
 * <p>Every hidden layer l learns by the label-modulated local rule ΔW[i][j] = -η_h · f(nl_j(c)) · Δs_j for each
 * presynaptic spike i, where f(nl_j(c)) comes from the fixed table of layer l and depends on the label c only; the
 * output layer learns by the local delta rule ΔW[j][k] = -η_o · (r_k - y_k) · Δs_k. No error reaches a hidden
 * layer. Time advances per event ({@link NacaConfig.Mode#EVENT}) or in ticks ({@link NacaConfig.Mode#TICK}); see
 * {@link EventDynamics} and {@link TickDynamics}. Weights are shared by all streams; neuron state is per stream.
 * Not thread-safe: one thread drives a learner.
 */
public final class NacaLearner implements OnlineLearner {

    private final NacaConfig config;
    private final NacaNetwork network;
    private final LabelBook labels;
    private final long predictionIntervalUs;
    private final OpCounter counter;
    private final Dynamics dynamics;
    private final Map<String, NeuronState> streams = new HashMap<>();

    /** A learner with fresh weights that counts operations and emits a prediction per stream every interval. */
    public NacaLearner(NacaConfig config, LabelBook labels, long predictionIntervalUs) {
        this(new NacaNetwork(config), labels, predictionIntervalUs, true);
    }

    /**
     * A learner on {@code network} (fresh or restored); {@code countOps} false disables the operation and CPU-time
     * counters (only input events are counted).
     */
    public NacaLearner(NacaNetwork network, LabelBook labels, long predictionIntervalUs, boolean countOps) {
        if (predictionIntervalUs < 1) {
            throw new IllegalArgumentException("predictionIntervalUs must be positive");
        }
        this.config = network.config;
        this.network = network;
        this.labels = labels;
        this.predictionIntervalUs = predictionIntervalUs;
        var names = OpCounter.layerNames(config.hiddenLayers());
        this.counter = countOps ? OpCounter.enabled(names) : OpCounter.disabled(names);
        this.dynamics = config.mode() == NacaConfig.Mode.TICK
                ? new TickDynamics(network, counter) : new EventDynamics(network, counter);
    }

    @Override
    public String algorithm() {
        return "naca";
    }

    /** The configuration. */
    public NacaConfig config() {
        return config;
    }

    /** The weights and tables (live: they change as the learner learns). */
    public NacaNetwork network() {
        return network;
    }

    @Override
    public void process(SpikeTrain train, LearnerListener listener) {
        long cpu = counter.cpuStart();
        NeuronState s = streams.computeIfAbsent(train.streamId(), id -> new NeuronState(config,
                new SegmentTracker(id, config.classes(), labels, predictionIntervalUs)));
        if (s.mask != null) {
            s.updateMask(train, config.maskDelta(), config.maskWindowUs());
        }
        SegmentTracker tracker = s.tracker;
        int processed = 0;
        for (int k = 0, n = train.size(); k < n; k++) {
            long t = train.timestampUs(k);
            if (t < s.lastEventUs) {
                continue;   // time went backwards on this stream: drop the spike rather than corrupt the state
            }
            s.lastEventUs = t;
            dynamics.beforeEvent(s, t);
            tracker.advance(t, listener);
            if (tracker.predictionDue(t)) {
                listener.onPrediction(predict(s, t));
            }
            dynamics.onEvent(s, train.input(k), t, tracker.learnClass());
            processed++;
        }
        counter.events(processed);
        dynamics.reached(s, train.endUs());
        tracker.reachedEnd(train.endUs(), listener);
        counter.cpuSince(cpu);
    }

    @Override
    public void finish(LearnerListener listener) {
        for (NeuronState s : streams.values()) {
            dynamics.finish(s);
            s.tracker.finish(listener);
        }
    }

    @Override
    public void resetStream(String streamId, LearnerListener listener) {
        NeuronState s = streams.remove(streamId);
        if (s != null) {
            dynamics.finish(s);
            s.tracker.finish(listener);
        }
    }

    @Override
    public OpCounts counts() {
        dynamics.flushCounts();
        return counter.snapshot();
    }

    /** Replaces the counters by {@code counts} (restoring a checkpoint). */
    public void restoreCounts(OpCounts counts) {
        dynamics.discardPendingCounts();
        counter.restore(counts);
    }

    /** Membrane potential of unit {@code unit} after weight layer {@code l} on a stream (0 for an unseen stream). */
    public float potential(String streamId, int l, int unit) {
        NeuronState s = streams.get(streamId);
        return s == null ? 0 : s.v[l][unit];
    }

    /** Membrane potentials, over every stream, that are NaN or infinite. */
    public long nonFinitePotentials() {
        long bad = 0;
        for (NeuronState s : streams.values()) {
            for (float[] layer : s.v) {
                for (float v : layer) {
                    bad += Float.isFinite(v) ? 0 : 1;
                }
            }
        }
        return bad;
    }

    private Prediction predict(NeuronState s, long t) {
        return Prediction.fromScores(s.tracker.streamId(), t, dynamics.rates(s, t), s.tracker.labelClass());
    }
}
