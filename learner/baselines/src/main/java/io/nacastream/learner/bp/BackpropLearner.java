package io.nacastream.learner.bp;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.SegmentTracker;

import java.util.HashMap;

/**
 * The backprop baseline: an MLP (ReLU hidden layers, softmax output, cross-entropy) of the same sizes as the NACA
 * network ({@link SparseMlp}), trained online with SGD or Adam, one step per frame. A frame is the set of inputs
 * that spiked on a stream within one bin of {@code binUs}, as binary values or as an exponential trace over past
 * bins ({@link BackpropConfig#traceUs()}); bins without spikes are skipped. A segment's verdict is the class with the
 * largest summed probability over its frames.
 *
 * <p>Strict test-then-train, as NACA ({@link FrameLearner}): a labelled segment's frames are scored with learning off
 * while its spikes are recorded; once its verdict is in, the segment is replayed, frame by frame, with a learning
 * step per frame, from a copy of the stream's input state at the segment's start. Weights are shared by all streams.
 * Not thread-safe.
 */
public final class BackpropLearner extends FrameLearner<FrameLearner.FrameStream> {

    private final BackpropConfig config;
    private final int replayLimit;
    private final SparseMlp mlp;

    /** A baseline with fresh weights (uniform ±1/sqrt(fan-in), as NACA's) that counts operations. */
    public BackpropLearner(BackpropConfig config, LabelBook labels, long predictionIntervalUs) {
        this(config, labels, predictionIntervalUs, true);
    }

    /** As above; {@code countOps} false disables the operation and CPU-time counters. */
    public BackpropLearner(BackpropConfig config, LabelBook labels, long predictionIntervalUs, boolean countOps) {
        this(config, labels, predictionIntervalUs, countOps, SegmentReplay.DEFAULT_LIMIT);
    }

    /** As above, keeping at most {@code replayLimit} spikes of a segment to learn from. */
    public BackpropLearner(BackpropConfig config, LabelBook labels, long predictionIntervalUs, boolean countOps,
                           int replayLimit) {
        // streams in a hash map, as this learner always kept them: bench continual's figures depend on the order
        super(labels, predictionIntervalUs, config.binUs(), config.classes(), config.hiddenSizes().size(), countOps,
                new HashMap<>());
        this.config = config;
        this.replayLimit = replayLimit;
        this.mlp = new SparseMlp(config, counter);
    }

    @Override
    public String algorithm() {
        return config.ewcLambda() > 0 ? "bp+ewc" : "bp";
    }

    /** The configuration. */
    public BackpropConfig config() {
        return config;
    }

    @Override
    protected FrameStream newStream(SegmentTracker tracker) {
        return new FrameStream(tracker, config.inputs(), config.traceUs(), config.classes(), replayLimit);
    }

    @Override
    protected void scoreFrame(FrameStream s) {
        float[] p = mlp.forward(s.live());
        System.arraycopy(p, 0, s.scores(), 0, p.length);
    }

    @Override
    protected long copyLiveToLearning(FrameStream s) {
        return s.learning().copyFrom(s.live());
    }

    @Override
    protected void learnFrame(FrameStream s, int cls) {
        mlp.forward(s.learning());
        mlp.learn(s.learning(), cls);
    }

    /**
     * Ends a task for elastic weight consolidation (Kirkpatrick et al. 2017, online form of Schwarz et al. 2018):
     * the empirical Fisher information accumulated since the last call (mean squared gradients) is added to the
     * penalty's weights F and the current weights become its anchor θ*. The penalty λ/2·Σ F(θ - θ*)² is then applied
     * after every step as a proximal step θ ← θ* + (θ - θ*) / (1 + η·λ·F), which, unlike adding its gradient, is
     * stable for any λ (a gradient step diverges once η·λ·F &gt; 2). No-op without EWC.
     */
    public void consolidate() {
        mlp.consolidate();
    }

    /** Sets one weight; for tests that need hand-computable states. */
    public void setWeight(int l, int pre, int post, float value) {
        mlp.w[l][pre][post] = value;
    }

    /** A copy of weight layer {@code l} as [pre][post]. */
    public float[][] weights(int l) {
        float[][] c = new float[mlp.w[l].length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = mlp.w[l][i].clone();
        }
        return c;
    }
}
