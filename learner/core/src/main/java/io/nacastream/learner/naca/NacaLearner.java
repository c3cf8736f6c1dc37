package io.nacastream.learner.naca;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.PendingSegment;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.SegmentTracker;
import io.nacastream.learner.StateBytes;
import io.nacastream.learner.StreamSnapshot;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.kernel.MembraneKernel;
import io.nacastream.learner.kernel.MembraneKernels;
import io.nacastream.learner.readout.RidgeReadout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A purely feedforward NACA learner (naca.md §1, §4) driven by input spikes, on plain {@code float[]} columns.
 *
 * <p>Every hidden layer l learns by the label-modulated local rule ΔW[i][j] = -η_h · f(nl_j(c)) · Δs_j for each
 * presynaptic spike i, where f(nl_j(c)) comes from the fixed table of layer l and depends on the label c only; the
 * output layer learns by the local delta rule ΔW[j][k] = -η_o · (r_k - y_k) · Δs_k. No error reaches a hidden
 * layer. Time advances per event ({@link NacaConfig.Mode#EVENT}) or in ticks ({@link NacaConfig.Mode#TICK}); see
 * {@link EventDynamics} and {@link TickDynamics}. Weights are shared by all streams; neuron state is per stream.
 *
 * <p>Strict test-then-train: a labelled segment is processed with learning off (it is scored by the model as it
 * stood before learning anything from it) while its spikes are recorded ({@link SegmentReplay}); once its verdict is
 * in, the segment is replayed with learning on from a copy of the state at its start. The live state goes on
 * unchanged, so predictions never see the replay.
 * Not thread-safe: one thread drives a learner.
 */
public final class NacaLearner implements OnlineLearner {

    private final NacaConfig config;
    private final NacaNetwork network;
    private final LabelBook labels;
    private final long predictionIntervalUs;
    private final OpCounter counter;
    private final Dynamics dynamics;
    private final int replayLimit;
    private final Map<String, Stream> streams = new HashMap<>();
    private final RidgeReadout readout;
    private final boolean replays;
    private final float[] scores;

    /** Cost per word of copying the live state at a learnable segment's start (read and write). */
    private static final Ops COPY_STATE = Ops.NONE.stateReads(1).stateWrites(1);
    /** Cost per top hidden unit of clearing the pooled counts when a segment starts (RIDGE readout). */
    private static final Ops CLEAR_POOLED = Ops.NONE.stateWrites(1);
    private static final Logger LOG = LoggerFactory.getLogger(NacaLearner.class);

    /**
     * One stream: the live state (scores with learning off), the state a closed segment is replayed from to learn,
     * and the recorded spikes of the learnable segment in force.
     */
    private record Stream(NeuronState live, NeuronState learning, SegmentReplay replay) {
    }

    /** A learner with fresh weights that counts operations and emits a prediction per stream every interval. */
    public NacaLearner(NacaConfig config, LabelBook labels, long predictionIntervalUs) {
        this(new NacaNetwork(config), labels, predictionIntervalUs, true);
    }

    /**
     * A learner on {@code network} (fresh or restored); {@code countOps} false disables the operation and CPU-time
     * counters (only input events are counted).
     */
    public NacaLearner(NacaNetwork network, LabelBook labels, long predictionIntervalUs, boolean countOps) {
        this(network, labels, predictionIntervalUs, countOps, SegmentReplay.DEFAULT_LIMIT);
    }

    /** As above, keeping at most {@code replayLimit} spikes of a segment to learn from ({@link SegmentReplay}). */
    public NacaLearner(NacaNetwork network, LabelBook labels, long predictionIntervalUs, boolean countOps,
                       int replayLimit) {
        this(network, labels, predictionIntervalUs, countOps, replayLimit, MembraneKernels.auto());
    }

    /** As above, with event mode's membrane pass run by {@code kernel} ({@link MembraneKernels}). */
    public NacaLearner(NacaNetwork network, LabelBook labels, long predictionIntervalUs, boolean countOps,
                       int replayLimit, MembraneKernel kernel) {
        if (predictionIntervalUs < 1) {
            throw new IllegalArgumentException("predictionIntervalUs must be positive");
        }
        this.config = network.config;
        this.network = network;
        this.labels = labels;
        this.predictionIntervalUs = predictionIntervalUs;
        this.replayLimit = replayLimit;
        var names = OpCounter.layerNames(config.hiddenLayers());
        this.counter = countOps ? OpCounter.enabled(names) : OpCounter.disabled(names);
        this.dynamics = config.mode() == NacaConfig.Mode.TICK
                ? new TickDynamics(network, counter) : new EventDynamics(network, counter, kernel);
        this.readout = network.readout;
        this.replays = readout == null || config.etaHidden() > 0;
        this.scores = new float[config.classes()];
    }

    @Override
    public String algorithm() {
        return network.config().hiddenRule().id();
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
        Stream st = streams.computeIfAbsent(train.streamId(), this::newStream);
        NeuronState s = st.live;
        if (s.mask != null) {
            s.updateMask(train, config.maskDelta(), config.maskWindowUs());
        }
        SegmentTracker tracker = s.tracker;
        SegmentReplay replay = st.replay;
        int processed = 0;
        int recorded = 0;
        for (int k = 0, n = train.size(); k < n; k++) {
            long t = train.timestampUs(k);
            if (t < s.lastEventUs) {
                continue;   // time went backwards on this stream: drop the spike rather than corrupt the state
            }
            s.lastEventUs = t;
            dynamics.beforeEvent(s, t);
            segmentMoved(st, tracker.advance(t, listener));
            if (tracker.predictionDue(t)) {
                listener.onPrediction(predict(s, t));
            }
            int input = train.input(k);
            dynamics.onEvent(s, input, t, -1);
            if (replay.recording()) {
                replay.add(input, t);
                recorded++;
            }
            processed++;
        }
        counter.events(processed);
        counter.forward(0, SegmentTracker.PER_EVENT, processed);
        dynamics.reached(s, train.endUs());
        if (replay.recording()) {
            replay.endChunk(train.endUs());
            counter.learning(0, SegmentReplay.RECORD, recorded);
        }
        segmentMoved(st, tracker.reachedEnd(train.endUs(), listener));
        counter.cpuSince(cpu);
    }

    private Stream newStream(String id) {
        Stream st = new Stream(new NeuronState(config, new SegmentTracker(id, config.classes(), labels,
                predictionIntervalUs)), new NeuronState(config, new SegmentTracker(id, config.classes(),
                new LabelBook(), predictionIntervalUs)), new SegmentReplay(replayLimit));
        if (readout != null) {
            NeuronState live = st.live;
            live.tracker.beforeVerdict(() -> live.tracker.decide(readoutScores(live),
                    Math.max(live.lastEventUs, live.tracker.segment().endUs() - 1)));
        }
        return st;
    }

    /** The ridge readout's class scores for the stream's pooled counts (into the shared scratch array). */
    private float[] readoutScores(NeuronState s) {
        readout.score(s.pooled, scores, counter, config.hiddenLayers());
        return scores;
    }

    /**
     * After the stream's clock moved: learns the segment that just closed (its verdict is in), then starts recording
     * the learnable segment now in force, from a copy of the live state.
     */
    private void segmentMoved(Stream st, LabelSegment closed) {
        SegmentTracker tracker = st.live.tracker;
        if (st.replay.recording() && (closed != null || !st.replay.segment().equals(tracker.segment()))) {
            learn(st);   // its verdict is in (or, restored from a checkpoint, it ended while the model was away)
        }
        if (readout != null) {
            readoutMoved(st.live);
        }
        if (replays && tracker.learnClass() >= 0 && !st.replay.recording()) {
            st.replay.start(tracker.segment());
            st.learning.copyFrom(st.live);
            counter.learning(0, COPY_STATE, st.live.words());
        }
    }

    /**
     * RIDGE readout: once the stream has left the segment it pooled, learns that segment (if learnable) from the counts
     * the live state pooled over it, the features its verdict was taken on (or, restored from a checkpoint, the
     * segment ended while the model was away), then starts pooling afresh for the segment, or unlabelled stretch, now
     * in force.
     */
    private void readoutMoved(NeuronState s) {
        LabelSegment now = s.tracker.segment();
        LabelSegment done = s.pooledFor;
        if (Objects.equals(now, done)) {
            return;
        }
        if (done != null && done.learn() && done.classId() < config.classes()) {
            readout.learn(s.pooled, done.classId(), counter, config.hiddenLayers());
        }
        Arrays.fill(s.pooled, 0f);
        counter.forward(config.hiddenLayers(), CLEAR_POOLED, s.pooled.length);
        s.pooledFor = now;
    }

    /** Replays the recorded segment with learning on, from the state at its start; the live state is untouched. */
    private void learn(Stream st) {
        SegmentReplay replay = st.replay;
        NeuronState r = st.learning;
        int cls = replay.learnClass();
        counter.replaying(true);
        counter.learning(0, SegmentReplay.READ, replay.size());
        replay.replay(new SegmentReplay.Visitor() {
            @Override
            public void chunk(SegmentReplay spikes, int from, int to) {
                // the copy taken at the segment's start already holds its first train's activity
                if (r.mask != null && (from > 0 || spikes.restored())) {
                    r.updateMask(spikes, from, to, config.maskDelta(), config.maskWindowUs());
                }
            }

            @Override
            public void spike(int input, long timeUs) {
                dynamics.beforeEvent(r, timeUs);
                dynamics.onEvent(r, input, timeUs, cls);
            }

            @Override
            public void chunkEnd(long endUs) {
                dynamics.reached(r, endUs);
            }
        });
        dynamics.finish(r);
        counter.replaying(false);
        if (replay.dropped() > 0) {
            LOG.warn("event=segment_truncated stream={} recorded={} not_learned={} limit={}",
                    st.live.tracker.streamId(), replay.size(), replay.dropped(), replayLimit);
        }
        replay.stop();
    }

    @Override
    public void finish(LearnerListener listener) {
        for (Stream st : streams.values()) {
            dynamics.finish(st.live);
            segmentMoved(st, st.live.tracker.finish(listener));
        }
    }

    @Override
    public void resetStream(String streamId, LearnerListener listener) {
        Stream st = streams.remove(streamId);
        if (st != null) {
            dynamics.finish(st.live);
            segmentMoved(st, st.live.tracker.finish(listener));
        }
    }

    /**
     * The learnable segments scored and not yet learned, for a checkpoint: per stream its recorded spikes and, with
     * the ridge readout, the counts pooled so far.
     */
    public List<PendingSegment> pending() {
        List<PendingSegment> out = new ArrayList<>();
        for (Stream st : streams.values()) {
            PendingSegment p = st.replay.pending();
            NeuronState s = st.live;
            LabelSegment pooled = readout == null ? null : s.pooledFor;
            if (pooled != null && pooled.learn() && pooled.classId() < config.classes()) {
                if (p != null && p.segment().equals(pooled)) {
                    p = p.withPooled(s.pooled.clone());
                } else {
                    out.add(PendingSegment.pooledOnly(pooled, s.pooled.clone()));
                }
            }
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Continues a segment saved by {@link #pending()} (restoring a checkpoint): its recorded spikes are learned, from
     * rest, once its verdict is in or once its stream is seen past it, and its pooled counts go on pooling.
     */
    public void restorePending(PendingSegment p) {
        Stream st = streams.computeIfAbsent(p.segment().streamId(), this::newStream);
        if (p.pooled().length > 0 && readout != null) {
            if (p.pooled().length != st.live.pooled.length) {
                throw new IllegalArgumentException("pending segment " + p.segment() + " has " + p.pooled().length
                        + " pooled counts, the readout reads " + st.live.pooled.length);
            }
            System.arraycopy(p.pooled(), 0, st.live.pooled, 0, p.pooled().length);
            st.live.pooledFor = p.segment();
        }
        if (replays && (p.inputs().length > 0 || p.pooled().length == 0)) {
            st.replay.restore(p);
        }
    }

    /**
     * The state of every stream this learner has seen (docs/checkpoint-format.md, "Stream state"): its neurons, the
     * segment in force with its votes and pooled counts, the stream clock and, while a segment is recorded for
     * learning, the state it will be replayed from. Fresh arrays: a snapshot the learner can go on from.
     */
    public List<StreamSnapshot> streamSnapshots() {
        List<StreamSnapshot> out = new ArrayList<>(streams.size());
        for (var e : streams.entrySet()) {
            Stream st = e.getValue();
            StateBytes.Writer w = StateBytes.writer();
            st.live.write(w);
            st.live.tracker.writeState(w);
            boolean copy = st.replay.recording() && !st.replay.restored();
            w.putBoolean(copy);
            if (copy) {
                st.learning.write(w);
            }
            out.add(new StreamSnapshot(e.getKey(), w.toBytes()));
        }
        return out;
    }

    /**
     * Continues a stream saved by {@link #streamSnapshots()} (restoring a checkpoint, after
     * {@link #restorePending}): its neurons, votes and clock are as they were, so it goes on as if never stopped.
     * Refused, with the reason, if the bytes do not fit this learner's configuration.
     */
    public void restoreStream(StreamSnapshot state) {
        Stream st = streams.computeIfAbsent(state.streamId(), this::newStream);
        StateBytes.Reader r = StateBytes.reader(state.bytes());
        st.live.read(r);
        st.live.tracker.readState(r);
        if (r.getBoolean()) {
            st.learning.read(r);
            if (st.replay.recording()) {
                st.replay.resumeFromCopy();
            }
        }
        r.end();
    }

    @Override
    public OpCounts counts() {
        return counter.snapshot();
    }

    /** Replaces the counters by {@code counts} (restoring a checkpoint). */
    public void restoreCounts(OpCounts counts) {
        counter.restore(counts);
    }

    /** Membrane potential of unit {@code unit} after weight layer {@code l} on a stream (0 for an unseen stream). */
    public float potential(String streamId, int l, int unit) {
        Stream s = streams.get(streamId);
        return s == null ? 0 : s.live.v[l][unit];
    }

    /** Membrane potentials, over every stream, that are NaN or infinite. */
    public long nonFinitePotentials() {
        long bad = 0;
        for (Stream st : streams.values()) {
            for (float[] layer : st.live.v) {
                for (float v : layer) {
                    bad += Float.isFinite(v) ? 0 : 1;
                }
            }
        }
        return bad;
    }

    private Prediction predict(NeuronState s, long t) {
        if (readout == null) {
            return Prediction.fromScores(s.tracker.streamId(), t, dynamics.rates(s, t), s.tracker.labelClass());
        }
        float[] z = readoutScores(s);
        s.tracker.decide(z, t);
        return Prediction.fromScores(s.tracker.streamId(), t, z, s.tracker.labelClass());
    }
}
