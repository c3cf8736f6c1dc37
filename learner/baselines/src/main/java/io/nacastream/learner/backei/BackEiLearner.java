package io.nacastream.learner.backei;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.PendingSegment;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.SegmentTracker;
import io.nacastream.learner.Softmax;
import io.nacastream.learner.StateBytes;
import io.nacastream.learner.bp.FrameInput;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.health.NetworkHealth;
import io.nacastream.learner.energy.Ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BackEISNN baseline (Zhao, Zeng and Li, Neural Networks 2022; BrainCog): BackEI hidden layers (adaptive
 * self-feedback gain on each neuron's input, E/I signed spikes) and a LIF output layer ({@link BackEiNetwork}), run
 * one time step per binary input frame of {@code binUs} ({@link FrameInput}). Each frame's class probabilities are
 * the softmax of the output membrane; a segment's verdict is the class with the largest summed probability over its
 * frames, and a prediction reports the last frame's probabilities.
 *
 * <p>Strict test-then-train: a labelled segment is scored with learning off while its spikes are recorded
 * ({@link SegmentReplay}); once its verdict is in, it is replayed from a copy of the stream's input and neuron state
 * at its start, window by window of {@link BackEiConfig#truncationSteps()} frames, with BPTT and one Adam step per
 * window. Weights are shared by all streams. Not thread-safe.
 */
public final class BackEiLearner implements OnlineLearner {

    /** The algorithm id. */
    public static final String ALGORITHM = "backei";
    /** Cost per word of copying a stream's input and neuron state at a learnable segment's start. */
    private static final Ops COPY_STATE = Ops.NONE.stateReads(1).stateWrites(1);
    /** Cost per class of a frame's softmax (max, subtract, exp, sum, divide) and vote. */
    private static final Ops VOTE = Ops.NONE.compares(1).adds(3).exps(2).stateReads(5).stateWrites(3);
    private static final int MAGIC = 0x42454931;   // "BEI1"

    private final BackEiConfig config;
    private final LabelBook labels;
    private final long predictionIntervalUs;
    private final int replayLimit;
    private final OpCounter counter;
    private final BackEiNetwork network;
    private final Window window;
    private final Map<String, Stream> streams = new LinkedHashMap<>();

    private static final class Stream {
        final SegmentTracker tracker;
        final FrameInput live;
        final FrameInput learning;
        final NeuronState liveState;
        final NeuronState learningState;
        final SegmentReplay replay;
        final float[] scores;
        final double[] votes;

        Stream(SegmentTracker tracker, BackEiConfig c, int replayLimit) {
            this.tracker = tracker;
            this.live = new FrameInput(c.inputs(), 0);
            this.learning = new FrameInput(c.inputs(), 0);
            this.liveState = new NeuronState(c);
            this.learningState = new NeuronState(c);
            this.replay = new SegmentReplay(replayLimit);
            this.scores = new float[c.classes()];
            this.votes = new double[c.classes()];
        }
    }

    /** A learner with fresh weights that counts operations. */
    public BackEiLearner(BackEiConfig config, LabelBook labels, long predictionIntervalUs) {
        this(config, labels, predictionIntervalUs, true, SegmentReplay.DEFAULT_LIMIT);
    }

    /** As above; {@code countOps} false disables the counters; at most {@code replayLimit} spikes learned per segment. */
    public BackEiLearner(BackEiConfig config, LabelBook labels, long predictionIntervalUs, boolean countOps,
                         int replayLimit) {
        this(config, labels, predictionIntervalUs, countOps, replayLimit, Spike.BOX);
    }

    BackEiLearner(BackEiConfig config, LabelBook labels, long predictionIntervalUs, boolean countOps,
                  int replayLimit, Spike spike) {
        if (predictionIntervalUs < 1) {
            throw new IllegalArgumentException("predictionIntervalUs must be positive");
        }
        this.config = config;
        this.labels = labels;
        this.predictionIntervalUs = predictionIntervalUs;
        this.replayLimit = replayLimit;
        var names = OpCounter.layerNames(config.hiddenSizes().size());
        this.counter = countOps ? OpCounter.enabled(names) : OpCounter.disabled(names);
        this.network = new BackEiNetwork(config, spike, counter);
        this.window = new Window(config);
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    /** The configuration. */
    public BackEiConfig config() {
        return config;
    }

    /** The network, for tests. */
    BackEiNetwork network() {
        return network;
    }

    @Override
    public void process(SpikeTrain train, LearnerListener listener) {
        long cpu = counter.cpuStart();
        Stream s = stream(train.streamId());
        FrameInput in = s.live;
        long bin = config.binUs();
        int processed = 0;
        int recorded = 0;
        for (int k = 0, n = train.size(); k < n; k++) {
            long t = train.timestampUs(k);
            if (!in.accept(t)) {
                continue;
            }
            if (in.due(t, bin)) {
                score(s);
            }
            segmentMoved(s, s.tracker.advance(t, listener));
            if (s.tracker.predictionDue(t)) {
                listener.onPrediction(Prediction.fromScores(s.tracker.streamId(), t, s.scores,
                        s.tracker.labelClass()));
            }
            in.openAt(t, bin);
            int input = train.input(k);
            in.spike(input, counter);
            if (s.replay.recording()) {
                s.replay.add(input, t);
                recorded++;
            }
            processed++;
        }
        counter.events(processed);
        counter.forward(0, SegmentTracker.PER_EVENT, processed);
        if (in.due(train.endUs(), bin)) {
            score(s);
        }
        if (s.replay.recording()) {
            s.replay.endChunk(train.endUs());
            counter.learning(0, SegmentReplay.RECORD, recorded);
        }
        segmentMoved(s, s.tracker.reachedEnd(train.endUs(), listener));
        counter.cpuSince(cpu);
    }

    private Stream stream(String id) {
        return streams.computeIfAbsent(id, k -> new Stream(
                new SegmentTracker(k, config.classes(), labels, predictionIntervalUs), config, replayLimit));
    }

    /** Closes the live frame and runs one step on it (no learning); its class probabilities vote. */
    private void score(Stream s) {
        s.live.closeFrame(counter);
        float[] potential = network.step(s.live, s.liveState, null);
        System.arraycopy(potential, 0, s.scores, 0, potential.length);
        Softmax.inPlace(s.scores);
        for (int k = 0; k < s.scores.length; k++) {
            s.votes[k] = s.scores[k];
        }
        s.tracker.vote(s.votes, s.live.lastFrameStartUs() + config.binUs());
        counter.forward(config.hiddenSizes().size(), VOTE, s.scores.length);
    }

    private void segmentMoved(Stream s, LabelSegment closed) {
        if (s.replay.recording() && (closed != null || !s.replay.segment().equals(s.tracker.segment()))) {
            learn(s);
        }
        if (s.tracker.learnClass() >= 0 && !s.replay.recording()) {
            s.replay.start(s.tracker.segment());
            counter.learning(0, COPY_STATE, s.learning.copyFrom(s.live) + s.learningState.copyFrom(s.liveState));
        }
    }

    /** Replays the recorded segment frame by frame, with BPTT and an Adam step per window of frames. */
    private void learn(Stream s) {
        FrameInput in = s.learning;
        int cls = s.replay.learnClass();
        long bin = config.binUs();
        window.size = 0;
        counter.replaying(true);
        counter.learning(0, SegmentReplay.READ, s.replay.size());
        s.replay.replay(new SegmentReplay.Visitor() {
            @Override
            public void spike(int input, long t) {
                if (in.due(t, bin)) {
                    step(s, cls);
                }
                in.openAt(t, bin);
                in.spike(input, counter);
            }

            @Override
            public void chunkEnd(long endUs) {
                if (in.due(endUs, bin)) {
                    step(s, cls);
                }
            }
        });
        if (in.open()) {
            step(s, cls);
        }
        if (window.size > 0) {
            update(cls);
        }
        counter.replaying(false);
        s.replay.stop();
    }

    private void step(Stream s, int cls) {
        s.learning.closeFrame(counter);
        network.step(s.learning, s.learningState, window);
        if (window.full()) {
            update(cls);
        }
    }

    /** BPTT over the window and one Adam step; the next window starts from the state reached (detached). */
    private void update(int cls) {
        network.backward(window, cls);
        network.adamStep();
        window.size = 0;
    }

    @Override
    public void finish(LearnerListener listener) {
        for (Stream s : streams.values()) {
            end(s, listener);
        }
    }

    @Override
    public void resetStream(String streamId, LearnerListener listener) {
        Stream s = streams.remove(streamId);
        if (s != null) {
            end(s, listener);
        }
    }

    private void end(Stream s, LearnerListener listener) {
        if (s.live.open()) {
            score(s);
        }
        segmentMoved(s, s.tracker.finish(listener));
    }

    /**
     * Whether every parameter (weights, biases, gate kernels) and every stream's live membranes are finite, and how
     * far the weights grew from their ±1/sqrt(fan-in) start.
     */
    public NetworkHealth health() {
        long bad = 0;
        for (Stream s : streams.values()) {
            bad += s.liveState.nonFinite();
        }
        return network.health(bad);
    }

    @Override
    public OpCounts counts() {
        return counter.snapshot();
    }

    /**
     * The whole learner as bytes: configuration, parameters, Adam's moments and step count, operation counts and
     * every stream's state (tracker, input frame, neurons, prediction tally, and a segment recorded but not yet
     * learned with its start-state copy), so {@link #restore} goes on exactly as this learner would.
     */
    public byte[] encode() {
        StateBytes.Writer w = StateBytes.writer().putInt(MAGIC);
        w.putInt(config.inputs()).putInt(config.hiddenSizes().size());
        config.hiddenSizes().forEach(w::putInt);
        w.putInt(config.classes()).putLong(config.binUs()).putInt(Float.floatToIntBits(config.learningRate()))
                .putInt(config.truncationSteps()).putLong(config.seed());
        network.write(w);
        OpCounts c = counter.snapshot();
        w.putLong(c.events()).putLong(c.cpuNanos());
        for (LayerCounts l : c.layers()) {
            w.putLongs(l.forward().toArray()).putLongs(l.learning().toArray()).putLong(l.spikes());
        }
        w.putInt(streams.size());
        for (Stream s : streams.values()) {
            w.putString(s.tracker.streamId());
            s.tracker.writeState(w);
            s.live.write(w);
            s.liveState.write(w);
            w.putFloats(s.scores);
            PendingSegment p = s.replay.pending();
            w.putBoolean(p != null);
            if (p != null) {
                w.putSegment(p.segment()).putInt(p.inputs().length).putInts(p.inputs(), p.inputs().length)
                        .putLongs(p.timesUs()).putInt(p.chunkEnds().length)
                        .putInts(p.chunkEnds(), p.chunkEnds().length).putLongs(p.chunkEndUs());
                s.learning.write(w);
                s.learningState.write(w);
            }
        }
        return w.toBytes();
    }

    /** The learner {@link #encode} wrote, over {@code labels}, with the given prediction interval and limits. */
    public static BackEiLearner restore(byte[] bytes, LabelBook labels, long predictionIntervalUs, boolean countOps,
                                        int replayLimit) {
        StateBytes.Reader r = StateBytes.reader(bytes);
        if (r.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a BackEISNN checkpoint");
        }
        int inputs = r.getInt();
        int hiddenLayers = r.getInt();
        List<Integer> hidden = new ArrayList<>();
        for (int l = 0; l < hiddenLayers; l++) {
            hidden.add(r.getInt());
        }
        BackEiConfig config = new BackEiConfig(inputs, hidden, r.getInt(), r.getLong(),
                Float.intBitsToFloat(r.getInt()), r.getInt(), r.getLong());
        BackEiLearner learner = new BackEiLearner(config, labels, predictionIntervalUs, countOps, replayLimit);
        learner.network.read(r);
        long events = r.getLong();
        long cpu = r.getLong();
        List<LayerCounts> layers = new ArrayList<>();
        for (String name : OpCounter.layerNames(hiddenLayers)) {
            long[] f = new long[Ops.FIELDS.size()];
            long[] l = new long[Ops.FIELDS.size()];
            r.getLongs(f);
            r.getLongs(l);
            layers.add(new LayerCounts(name, Ops.of(f), Ops.of(l), r.getLong()));
        }
        learner.counter.restore(new OpCounts(events, cpu, layers));
        for (int n = r.getInt(); n > 0; n--) {
            Stream s = learner.stream(r.getString());
            s.tracker.readState(r);
            s.live.read(r);
            s.liveState.read(r);
            r.getFloats(s.scores);
            if (r.getBoolean()) {
                LabelSegment segment = r.getSegment(s.tracker.streamId());
                int[] in = new int[r.getInt()];
                r.getInts(in, in.length);
                long[] times = new long[in.length];
                r.getLongs(times);
                int[] chunkEnds = new int[r.getInt()];
                r.getInts(chunkEnds, chunkEnds.length);
                long[] chunkEndUs = new long[chunkEnds.length];
                r.getLongs(chunkEndUs);
                s.replay.restore(new PendingSegment(segment, in, times, chunkEnds, chunkEndUs));
                s.replay.resumeFromCopy();
                s.learning.read(r);
                s.learningState.read(r);
            }
        }
        r.end();
        return learner;
    }
}
