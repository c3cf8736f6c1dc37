package io.nacastream.learner.backei;

import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.PendingSegment;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.SegmentTracker;
import io.nacastream.learner.Softmax;
import io.nacastream.learner.StateBytes;
import io.nacastream.learner.bp.FrameInput;
import io.nacastream.learner.bp.FrameLearner;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.health.NetworkHealth;

import java.util.ArrayList;
import java.util.List;

/**
 * The BackEISNN baseline (Zhao, Zeng and Li, Neural Networks 2022; BrainCog): BackEI hidden layers (adaptive
 * self-feedback gain on each neuron's input, E/I signed spikes) and a LIF output layer ({@link BackEiNetwork}), run
 * one time step per binary input frame of {@code binUs} ({@link FrameInput}). Each frame's class probabilities are
 * the softmax of the output membrane; a segment's verdict is the class with the largest summed probability over its
 * frames, and a prediction reports the last frame's probabilities.
 *
 * <p>Strict test-then-train ({@link FrameLearner}): a labelled segment is scored with learning off while its spikes
 * are recorded ({@link SegmentReplay}); once its verdict is in, it is replayed from a copy of the stream's input and neuron state
 * at its start, window by window of {@link BackEiConfig#truncationSteps()} frames, with BPTT and one Adam step per
 * window. Weights are shared by all streams. Not thread-safe.
 */
public final class BackEiLearner extends FrameLearner<BackEiLearner.Stream> {

    /** The algorithm id. */
    public static final String ALGORITHM = "backei";
    /** Cost per class of a frame's softmax (max, subtract, exp, sum, divide); its vote is counted as every frame's. */
    private static final Ops SOFTMAX = Ops.NONE.compares(1).adds(2).exps(2).stateReads(3).stateWrites(2);
    private static final int MAGIC = 0x42454931;   // "BEI1"

    private final BackEiConfig config;
    private final int replayLimit;
    private final BackEiNetwork network;
    private final Window window;

    /** A stream's frames and the neuron states its live and learning frames run through. */
    static final class Stream extends FrameLearner.FrameStream {
        final NeuronState liveState;
        final NeuronState learningState;

        Stream(SegmentTracker tracker, BackEiConfig c, int replayLimit) {
            super(tracker, c.inputs(), 0, c.classes(), replayLimit);
            this.liveState = new NeuronState(c);
            this.learningState = new NeuronState(c);
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
        super(labels, predictionIntervalUs, config.binUs(), config.classes(), config.hiddenSizes().size(), countOps);
        this.config = config;
        this.replayLimit = replayLimit;
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
    protected Stream newStream(SegmentTracker tracker) {
        return new Stream(tracker, config, replayLimit);
    }

    /** One step of the network on the live frame (no learning); the softmax of its output membrane. */
    @Override
    protected void scoreFrame(Stream s) {
        float[] potential = network.step(s.live(), s.liveState, null);
        System.arraycopy(potential, 0, s.scores(), 0, potential.length);
        Softmax.inPlace(s.scores());
        counter.forward(config.hiddenSizes().size(), SOFTMAX, potential.length);
    }

    @Override
    protected long copyLiveToLearning(Stream s) {
        return s.learning().copyFrom(s.live()) + s.learningState.copyFrom(s.liveState);
    }

    @Override
    protected void beginLearning(Stream s, int cls) {
        window.size = 0;
    }

    /** One step on the learning frame into the window; BPTT and an Adam step once the window is full. */
    @Override
    protected void learnFrame(Stream s, int cls) {
        network.step(s.learning(), s.learningState, window);
        if (window.full()) {
            update(cls);
        }
    }

    /** The last, partial window of the segment. */
    @Override
    protected void endLearning(Stream s, int cls) {
        if (window.size > 0) {
            update(cls);
        }
    }

    /** BPTT over the window and one Adam step; the next window starts from the state reached (detached). */
    private void update(int cls) {
        network.backward(window, cls);
        network.adamStep();
        window.size = 0;
    }

    /**
     * Whether every parameter (weights, biases, gate kernels) and every stream's live membranes are finite, and how
     * far the weights grew from their ±1/sqrt(fan-in) start.
     */
    public NetworkHealth health() {
        long bad = 0;
        for (Stream s : streams()) {
            bad += s.liveState.nonFinite();
        }
        return network.health(bad);
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
        w.putInt(streams().size());
        for (Stream s : streams()) {
            w.putString(s.tracker().streamId());
            s.tracker().writeState(w);
            s.live().write(w);
            s.liveState.write(w);
            w.putFloats(s.scores());
            PendingSegment p = s.replay().pending();
            w.putBoolean(p != null);
            if (p != null) {
                w.putSegment(p.segment()).putInt(p.inputs().length).putInts(p.inputs(), p.inputs().length)
                        .putLongs(p.timesUs()).putInt(p.chunkEnds().length)
                        .putInts(p.chunkEnds(), p.chunkEnds().length).putLongs(p.chunkEndUs());
                s.learning().write(w);
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
            s.tracker().readState(r);
            s.live().read(r);
            s.liveState.read(r);
            r.getFloats(s.scores());
            if (r.getBoolean()) {
                LabelSegment segment = r.getSegment(s.tracker().streamId());
                int[] in = new int[r.getInt()];
                r.getInts(in, in.length);
                long[] times = new long[in.length];
                r.getLongs(times);
                int[] chunkEnds = new int[r.getInt()];
                r.getInts(chunkEnds, chunkEnds.length);
                long[] chunkEndUs = new long[chunkEnds.length];
                r.getLongs(chunkEndUs);
                s.replay().restore(new PendingSegment(segment, in, times, chunkEnds, chunkEndUs));
                s.replay().resumeFromCopy();
                s.learning().read(r);
                s.learningState.read(r);
            }
        }
        r.end();
        return learner;
    }
}
