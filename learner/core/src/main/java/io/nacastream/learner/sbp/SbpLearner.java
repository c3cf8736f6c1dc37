package io.nacastream.learner.sbp;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.OnlineLearner;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
public final class SbpLearner implements OnlineLearner {

    private static final String FORMAT = "sbp-1";
    /** Cost per class of taking the verdict from the output (argmax: a compare, the output read). */
    private static final Ops DECIDE = Ops.NONE.compares(1).stateReads(1);

    private final SbpNetwork network;
    private final LabelBook labels;
    private final long predictionIntervalUs;
    private final OpCounter counter;
    private final Map<String, Stream> streams = new LinkedHashMap<>();

    private final class Stream {
        final SegmentTracker tracker;
        final PooledInput input = new PooledInput(network.config().inputs(), network.config().postSize(0));
        boolean inSegment;
        long lastEventUs = Long.MIN_VALUE;

        Stream(String id) {
            tracker = new SegmentTracker(id, network.config().classes(), labels, predictionIntervalUs);
            tracker.beforeVerdict(() -> {
                network.freePhase(input, counter);
                tracker.decide(network.output(), lastEventUs);
                counter.forward(network.config().layers() - 1, DECIDE, network.config().classes());
            });
        }

        void clear() {
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
        if (predictionIntervalUs < 1) {
            throw new IllegalArgumentException("predictionIntervalUs must be positive");
        }
        this.network = network;
        this.labels = labels;
        this.predictionIntervalUs = predictionIntervalUs;
        List<String> names = OpCounter.layerNames(network.config().hiddenSizes().size());
        counter = countOps ? OpCounter.enabled(names) : OpCounter.disabled(names);
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
        for (Stream s : streams.values()) {
            bad += NetworkHealth.nonFinite(s.input.drive);
        }
        return network.health(bad);
    }

    @Override
    public void process(SpikeTrain train, LearnerListener listener) {
        long cpu = counter.cpuStart();
        Stream s = streams.computeIfAbsent(train.streamId(), Stream::new);
        int processed = 0;
        long touches = 0;
        for (int k = 0, n = train.size(); k < n; k++) {
            long t = train.timestampUs(k);
            if (t < s.lastEventUs) {
                continue;
            }
            s.lastEventUs = t;
            moved(s, s.tracker.advance(t, listener));
            if (s.tracker.predictionDue(t)) {
                listener.onPrediction(predict(s, t));
            }
            int input = train.input(k);
            if (s.input.add(input, network.inputColumn(input))) {
                touches++;
            }
            processed++;
        }
        counter.events(processed);
        counter.forward(0, SegmentTracker.PER_EVENT, processed);
        counter.forward(0, PooledInput.COUNT, processed);
        counter.forward(0, PooledInput.TOUCH, touches);
        counter.forward(0, NacaRule.ACCUMULATE, (long) processed * s.input.drive.length);
        moved(s, s.tracker.reachedEnd(train.endUs(), listener));
        counter.cpuSince(cpu);
    }

    /** After the clock moved: learns a closed learnable segment (its verdict is in) and restarts the pooling. */
    private void moved(Stream s, LabelSegment closed) {
        if (closed != null) {
            if (closed.learn() && closed.classId() < network.config().classes()) {
                network.learn(s.input, closed.classId(), counter);   // the verdict's free phase is in place
            }
            s.clear();
        }
        boolean in = s.tracker.inSegment();
        if (in && !s.inSegment && closed == null) {
            s.clear();   // a segment began after unlabelled time: pool from its start
        }
        s.inSegment = in;
    }

    private Prediction predict(Stream s, long t) {
        network.freePhase(s.input, counter);
        return Prediction.fromScores(s.tracker.streamId(), t, network.output(), s.tracker.labelClass());
    }

    @Override
    public void finish(LearnerListener listener) {
        for (Stream s : streams.values()) {
            moved(s, s.tracker.finish(listener));
        }
    }

    @Override
    public void resetStream(String streamId, LearnerListener listener) {
        Stream s = streams.remove(streamId);
        if (s != null) {
            moved(s, s.tracker.finish(listener));
        }
    }

    @Override
    public OpCounts counts() {
        return counter.snapshot();
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
        out.putInt(streams.size());
        for (Map.Entry<String, Stream> e : streams.entrySet()) {
            Stream s = e.getValue();
            out.putString(e.getKey());
            s.tracker.writeState(out);
            s.input.write(out);
            out.putBoolean(s.inSegment).putLong(s.lastEventUs);
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
            Stream s = l.new Stream(in.getString());
            s.tracker.readState(in);
            s.input.read(in);
            s.inSegment = in.getBoolean();
            s.lastEventUs = in.getLong();
            l.streams.put(s.tracker.streamId(), s);
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
