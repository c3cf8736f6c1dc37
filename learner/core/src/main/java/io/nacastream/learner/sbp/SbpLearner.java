package io.nacastream.learner.sbp;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.PooledLearner;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentTracker;
import io.nacastream.learner.StateBytes;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.health.NetworkHealth;
import io.nacastream.learner.rule.NacaRule;

import java.util.ArrayList;
import java.util.List;

/**
 * SBP, self-backpropagation (Zhang et al., Sci. Adv. 2021; naca.md §3.1), in a per-segment streaming form. Each
 * stream integrates its spikes as they arrive into a pooled input ({@link PooledInput}: counts, and the first
 * hidden layer's drive, one add per hidden unit per spike). Predictions and the segment's verdict come from the
 * <b>free phase</b> ({@link SbpNetwork}) settled on that state. Only after the verdict (strict test-then-train: the
 * segment is scored by the model as it stood before learning from it) a learnable segment is learned: the
 * <b>clamped phase</b> continues from the free state with the output nudged towards the label, and the contrastive
 * base change ΔW = pre·(post_clamped - post_free)/β, rescaled by SBP(pre), SBP(post), SBP(bp) or all three
 * ({@link SbpConfig.Variant}), is applied layer by layer from the output down; the pooling then restarts.
 *
 * <p><b>Not a feedforward pass.</b> Both phases relax with top-down input through the transposed weights of the layer
 * above (symmetric feedback, so weight transport), learning needs a second (clamped) settling per segment, and
 * SBP(bp) scales a hidden layer's change by the change of the layer above, so layers learn output first.
 *
 * <p>Weights are shared by all streams. Operations are counted under the project's one convention: the per-spike
 * pooling and the free phase as forward work, the clamped phase, base change and update as learning. Not
 * thread-safe.
 */
public final class SbpLearner extends PooledLearner<SbpLearner.Stream> {

    private static final String FORMAT = "sbp-1";
    /** Cost per class of taking the verdict from the output (argmax: a compare, the output read). */
    private static final Ops DECIDE = Ops.NONE.compares(1).stateReads(1);

    private final SbpNetwork network;

    /** A stream's pooled input; its verdict settles the free phase on it. */
    final class Stream extends PooledLearner.PooledStream {
        final PooledInput input = new PooledInput(network.config().inputs(), network.config().postSize(0));

        Stream(SegmentTracker tracker) {
            super(tracker);
            tracker.beforeVerdict(() -> {
                network.freePhase(input, counter);
                tracker.decide(network.output(), lastEventUs());
                counter.forward(network.config().layers() - 1, DECIDE, network.config().classes());
            });
        }

        @Override
        protected void clear() {
            counter.forward(0, PooledInput.CLEAR, input.touchedCount);
            counter.forward(0, PooledInput.CLEAR_DRIVE, input.drive.length);
            input.clear();
        }
    }

    /** A learner of {@code config} with fresh weights; {@code countOps} false disables the counters. */
    public SbpLearner(SbpConfig config, LabelBook labels, long predictionIntervalUs, boolean countOps) {
        this(new SbpNetwork(config), labels, predictionIntervalUs, countOps);
    }

    /** A learner of {@code network} (its weights are learned in place). */
    public SbpLearner(SbpNetwork network, LabelBook labels, long predictionIntervalUs, boolean countOps) {
        super(labels, predictionIntervalUs, network.config().classes(),
                OpCounter.layerNames(network.config().hiddenSizes().size()), countOps);
        this.network = network;
    }

    @Override
    public String algorithm() {
        return "sbp";
    }

    /** The network (live). */
    public SbpNetwork network() {
        return network;
    }

    /** Whether the weights, biases and every stream's pooled drive are finite, and how far the weights grew. */
    public NetworkHealth health() {
        long bad = 0;
        for (Stream s : streams()) {
            bad += NetworkHealth.nonFinite(s.input.drive);
        }
        return network.health(bad);
    }

    @Override
    protected Stream newStream(SegmentTracker tracker) {
        return new Stream(tracker);
    }

    @Override
    protected boolean pool(Stream s, int input) {
        return s.input.add(input, network.inputColumn(input));
    }

    @Override
    protected void countPooling(Stream s, long spikes, long touches) {
        counter.forward(0, PooledInput.COUNT, spikes);
        counter.forward(0, PooledInput.TOUCH, touches);
        counter.forward(0, NacaRule.ACCUMULATE, spikes * s.input.drive.length);
    }

    @Override
    protected Prediction predict(Stream s, long t) {
        network.freePhase(s.input, counter);
        return Prediction.fromScores(s.tracker().streamId(), t, network.output(), s.tracker().labelClass());
    }

    /** The clamped phase and the base change from the verdict's free phase, which is still in place. */
    @Override
    protected void learn(Stream s, int cls) {
        network.learn(s.input, cls, counter);
    }

    /**
     * The learner as bytes: a format tag, the configuration, the weights and biases, the operation counts and each
     * stream's state (its segment tracker, pooled input and clock), so that {@link #restore} goes on identically.
     */
    public byte[] encode() {
        StateBytes.Writer out = StateBytes.writer().putString(FORMAT);
        writeConfig(out, network.config());
        network.write(out);
        OpCounts c = counter.snapshot();
        out.putLong(c.events()).putLong(c.cpuNanos());
        for (LayerCounts layer : c.layers()) {
            out.putLongs(layer.forward().toArray()).putLongs(layer.learning().toArray()).putLong(layer.spikes());
        }
        out.putInt(streams().size());
        for (Stream s : streams()) {
            out.putString(s.tracker().streamId());
            s.tracker().writeState(out);
            s.input.write(out);
            out.putBoolean(s.inSegment()).putLong(s.lastEventUs());
        }
        return out.toBytes();
    }

    /**
     * The learner {@link #encode} wrote, reading labels from {@code labels}, predicting every
     * {@code predictionIntervalUs} and counting operations if {@code countOps}; malformed bytes are refused.
     */
    public static SbpLearner restore(byte[] bytes, LabelBook labels, long predictionIntervalUs, boolean countOps) {
        StateBytes.Reader in = StateBytes.reader(bytes);
        String format = in.getString();
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not an SBP learner state (format '" + format + "')");
        }
        SbpConfig config = readConfig(in);
        SbpLearner l = new SbpLearner(SbpNetwork.read(config, in), labels, predictionIntervalUs, countOps);
        long events = in.getLong();
        long cpu = in.getLong();
        List<LayerCounts> layers = new ArrayList<>();
        for (String name : OpCounter.layerNames(config.hiddenSizes().size())) {
            long[] forward = new long[Ops.FIELDS.size()];
            long[] learning = new long[Ops.FIELDS.size()];
            in.getLongs(forward);
            in.getLongs(learning);
            layers.add(new LayerCounts(name, Ops.of(forward), Ops.of(learning), in.getLong()));
        }
        l.counter.restore(new OpCounts(events, cpu, layers));
        int n = in.getInt();
        for (int k = 0; k < n; k++) {
            Stream s = l.stream(in.getString());
            s.tracker().readState(in);
            s.input.read(in);
            s.restoreClock(in.getBoolean(), in.getLong());
        }
        in.end();
        return l;
    }

    private static void writeConfig(StateBytes.Writer out, SbpConfig c) {
        out.putInt(c.inputs()).putInt(c.hiddenSizes().size());
        c.hiddenSizes().forEach(out::putInt);
        out.putInt(c.classes()).putString(c.variant().id())
                .putFloats(new float[] {c.learningRate(), c.epsilon(), c.beta()})
                .putInt(c.freeIterations()).putInt(c.clampedIterations())
                .putFloats(new float[] {c.lambdaPre(), c.lambdaPost(), c.lambdaBp(), c.fraction()})
                .putLong(c.seed());
    }

    private static SbpConfig readConfig(StateBytes.Reader in) {
        int inputs = in.getInt();
        int layers = in.getInt();
        if (layers < 1 || layers > 1024) {
            throw new IllegalArgumentException("SBP state: " + layers + " hidden layers");
        }
        List<Integer> hidden = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            hidden.add(in.getInt());
        }
        int classes = in.getInt();
        SbpConfig.Variant variant = SbpConfig.Variant.of(in.getString());
        float[] rates = new float[3];
        in.getFloats(rates);
        int free = in.getInt();
        int clamped = in.getInt();
        float[] lambdas = new float[4];
        in.getFloats(lambdas);
        return new SbpConfig(inputs, hidden, classes, variant, rates[0], rates[1], rates[2], free, clamped,
                lambdas[0], lambdas[1], lambdas[2], lambdas[3], in.getLong());
    }
}
