package io.nacastream.learner.counts;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.PooledLearner;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentTracker;
import io.nacastream.learner.Softmax;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.readout.RidgeReadout;

import java.util.HashMap;
import java.util.List;

/**
 * A linear baseline without hidden layer on segment-pooled input counts: softmax regression by SGD, or ridge
 * regression by recursive least squares ({@link RidgeReadout}, the NACA ridge readout applied to the inputs). Each
 * stream counts its input spikes per input since its labelled segment began; the features are those counts divided
 * by their Euclidean norm (so neither the duration of a sample nor the number of inputs it touches sets the scale of
 * a step). A segment's verdict is the argmax over its pooled histogram; only then, if the segment is learnable, one
 * step learns it (test-then-train, strict by construction: nothing is learned before the verdict). Periodic
 * predictions use the histogram so far. Weights are shared by all streams. Not thread-safe.
 */
public final class PooledCountLearner extends PooledLearner<PooledCountLearner.Stream> {

    /** Cost of counting one spike (the count read and written, a first-touch check). */
    private static final Ops COUNT = Ops.NONE.adds(1).compares(1).stateReads(1).stateWrites(1);
    /** Cost of an input's first spike in a segment (added to the touched list). */
    private static final Ops TOUCH = Ops.NONE.adds(1).stateWrites(1);
    /** Cost per class per touched input of the logits: x_i·W[i][k] added. */
    private static final Ops LOGIT = Ops.NONE.macs(1).weightReads(1).stateReads(1).stateWrites(1);
    /** Cost per touched input of its feature: its square summed for the norm, then c_i times 1/norm. */
    private static final Ops FEATURE = Ops.NONE.macs(2).stateReads(2).stateWrites(1);
    /** Cost of 1/norm (a square root and a division). */
    private static final Ops INVERSE = Ops.NONE.exps(2);
    /** Cost per class of the bias and the softmax (max, subtract, exp, sum, divide). */
    private static final Ops SOFTMAX = Ops.NONE.compares(1).adds(2).exps(2).weightReads(1).stateReads(3)
            .stateWrites(3);
    /** Cost per class of the vote. */
    private static final Ops VOTE = Ops.NONE.adds(1).stateReads(2).stateWrites(1);
    /** Cost per class of the error factor η·(p - y). */
    private static final Ops FACTOR = Ops.NONE.adds(1).macs(1).stateReads(1).stateWrites(1);
    /** Cost per weight of the step w -= x·η(p - y). */
    private static final Ops STEP = Ops.NONE.macs(1).weightReads(1).weightWrites(1).stateReads(2);
    /** Cost per touched input of clearing its count. */
    private static final Ops CLEAR = Ops.NONE.stateReads(1).stateWrites(1);

    private final int inputs;
    private final int classes;
    private final float learningRate;
    private final float[][] w;   // softmax weights (null with the ridge solver)
    private final float[] b;
    private final float[] p;
    private final float[] factor;
    private final double[] votes;
    private final RidgeReadout ridge;
    private final float[] scores;

    /** A stream's pooled input counts. */
    final class Stream extends PooledLearner.PooledStream {
        final float[] counts = new float[inputs];
        final float[] x = new float[inputs];
        final int[] touched = new int[inputs];
        int touchedCount;
        long total;

        Stream(SegmentTracker tracker) {
            super(tracker);
            tracker.beforeVerdict(() -> {
                if (ridge != null) {
                    ridge.score(counts, scores, counter, 0);
                    tracker.decide(scores, lastEventUs());
                    return;
                }
                probabilities(this);
                for (int k = 0; k < classes; k++) {
                    votes[k] = p[k];
                }
                tracker.vote(votes, lastEventUs());
                counter.forward(0, VOTE, classes);
            });
        }

        @Override
        protected void clear() {
            for (int i = 0; i < touchedCount; i++) {
                counts[touched[i]] = 0f;
            }
            counter.forward(0, CLEAR, touchedCount);
            touchedCount = 0;
            total = 0;
        }
    }

    /**
     * A learner for {@code inputs} inputs and {@code classes} classes with SGD step {@code learningRate}; weights
     * start at 0. {@code countOps} false disables the counters.
     */
    public PooledCountLearner(int inputs, int classes, float learningRate, LabelBook labels,
                              long predictionIntervalUs, boolean countOps) {
        this(inputs, classes, learningRate, 0, labels, predictionIntervalUs, countOps);
    }

    /**
     * A ridge regression baseline (recursive least squares with penalty {@code penalty}) for {@code inputs} inputs
     * and {@code classes} classes; {@code countOps} false disables the counters.
     */
    public static PooledCountLearner ridge(int inputs, int classes, double penalty, LabelBook labels,
                                           long predictionIntervalUs, boolean countOps) {
        if (!(penalty > 0)) {
            throw new IllegalArgumentException("the ridge penalty must be positive, got " + penalty);
        }
        return new PooledCountLearner(inputs, classes, 1f, penalty, labels, predictionIntervalUs, countOps);
    }

    private PooledCountLearner(int inputs, int classes, float learningRate, double penalty, LabelBook labels,
                               long predictionIntervalUs, boolean countOps) {
        // streams in a hash map, as this learner always kept them: bench continual's figures depend on the order
        super(labels, predictionIntervalUs, classes, List.of("input->output"), countOps, new HashMap<>());
        if (inputs < 1 || classes < 2 || !(learningRate > 0)) {
            throw new IllegalArgumentException("need inputs >= 1, classes >= 2 and a positive learning rate");
        }
        this.inputs = inputs;
        this.classes = classes;
        this.learningRate = learningRate;
        w = penalty > 0 ? null : new float[inputs][classes];   // the ridge solver keeps its own weights
        b = new float[classes];
        p = new float[classes];
        factor = new float[classes];
        votes = new double[classes];
        ridge = penalty > 0 ? new RidgeReadout(inputs, classes, penalty) : null;
        scores = new float[classes];
    }

    @Override
    public String algorithm() {
        return ridge == null ? "softmax" : "ridge";
    }

    @Override
    protected Stream newStream(SegmentTracker tracker) {
        return new Stream(tracker);
    }

    @Override
    protected boolean pool(Stream s, int input) {
        boolean first = s.counts[input] == 0f;
        if (first) {
            s.touched[s.touchedCount++] = input;
        }
        s.counts[input] += 1f;
        s.total++;
        return first;
    }

    @Override
    protected void countPooling(Stream s, long spikes, long touches) {
        counter.forward(0, COUNT, spikes);
        counter.forward(0, TOUCH, touches);
    }

    @Override
    protected Prediction predict(Stream s, long t) {
        if (ridge == null) {
            probabilities(s);
            return Prediction.fromScores(s.tracker().streamId(), t, p, s.tracker().labelClass());
        }
        ridge.score(s.counts, scores, counter, 0);
        s.tracker().decide(scores, t);
        return Prediction.fromScores(s.tracker().streamId(), t, scores, s.tracker().labelClass());
    }

    /** The softmax of the normalised pooled counts of {@code s} into {@link #p}. */
    private void probabilities(Stream s) {
        System.arraycopy(b, 0, p, 0, classes);
        if (s.total > 0) {
            double squares = 0;
            for (int i = 0; i < s.touchedCount; i++) {
                float c = s.counts[s.touched[i]];
                squares += c * c;
            }
            float inv = (float) (1 / Math.sqrt(squares));
            for (int i = 0; i < s.touchedCount; i++) {
                int in = s.touched[i];
                float x = s.counts[in] * inv;
                s.x[in] = x;
                float[] row = w[in];
                for (int k = 0; k < classes; k++) {
                    p[k] += x * row[k];
                }
            }
            counter.forward(0, INVERSE, 1);
            counter.forward(0, FEATURE, s.touchedCount);
            counter.forward(0, LOGIT, (long) s.touchedCount * classes);
        }
        Softmax.inPlace(p);
        counter.forward(0, SOFTMAX, classes);
    }

    /** One step on the segment's pool; {@link #p} holds the verdict's probabilities. */
    @Override
    protected void learn(Stream s, int cls) {
        if (ridge != null) {
            ridge.learn(s.counts, cls, counter, 0);
            return;
        }
        for (int k = 0; k < classes; k++) {
            factor[k] = learningRate * (p[k] - (k == cls ? 1f : 0f));
            b[k] -= factor[k];
        }
        counter.learning(0, FACTOR, classes);
        counter.learning(0, STEP, classes);   // the bias
        if (s.total > 0) {
            for (int i = 0; i < s.touchedCount; i++) {
                int in = s.touched[i];
                float x = s.x[in];
                float[] row = w[in];
                for (int k = 0; k < classes; k++) {
                    row[k] -= x * factor[k];
                }
            }
            counter.learning(0, STEP, (long) s.touchedCount * classes);
        }
    }

    /** Weight from input {@code input} to class {@code k}. */
    public float weight(int input, int k) {
        return ridge == null ? w[input][k] : ridge.weights()[input][k];
    }
}
