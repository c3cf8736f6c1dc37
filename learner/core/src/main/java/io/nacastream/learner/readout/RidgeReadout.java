package io.nacastream.learner.readout;

import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.Ops;

/**
 * A linear readout learned online by recursive least squares: after n learned segments its weights equal the ridge
 * regression W = (XᵀX + λI)⁻¹ XᵀY of the n segments' L2-normalised feature vectors X onto their one-hot classes Y,
 * whatever their order, so no segment counts more because it came last. One update is a local rule on the readout's
 * own inputs and error: k = Px / (1 + xᵀPx), W += k (y - Wᵀx)ᵀ, P -= k (Px)ᵀ, with P = (XᵀX + λI)⁻¹ kept in double
 * precision. Features are spike counts pooled over a segment (docs/learner.md, departure 11). Not thread-safe.
 */
public final class RidgeReadout {

    /** Cost per feature of the L2 norm: a multiply-add and a read; per active feature the scaled copy written. */
    public static final Ops NORM = Ops.NONE.macs(1).stateReads(1);
    /** Cost per active feature of writing its normalised value and index. */
    public static final Ops NORM_WRITE = Ops.NONE.macs(1).stateWrites(2);
    /** Cost of the norm's square root and reciprocal. */
    public static final Ops NORM_ROOT = Ops.NONE.exps(2);
    /** Cost per (active feature, class) of a score: a multiply-add, the weight and the score read and written. */
    public static final Ops SCORE = Ops.NONE.macs(1).weightReads(1).stateReads(1).stateWrites(1);
    /**
     * Cost per (feature, active feature) of Px: a multiply-add and an element of P (two 32-bit words: it is
     * double).
     */
    public static final Ops PX = Ops.NONE.macs(1).weightReads(2).stateReads(1).stateWrites(1);
    /** Cost per (active feature) of xᵀPx and per feature of the gain k: a multiply-add or a division's multiply. */
    public static final Ops GAIN = Ops.NONE.macs(1).stateReads(2).stateWrites(1);
    /** Cost per (feature, class) of W += k eᵀ. */
    public static final Ops WEIGHT_STEP = Ops.NONE.macs(1).weightReads(1).weightWrites(1).stateReads(2);
    /** Cost per element of P -= k (Px)ᵀ (double: two words read and two written). */
    public static final Ops INVERSE_STEP = Ops.NONE.macs(1).weightReads(2).weightWrites(2).stateReads(2);
    /** Cost per class of the error y - Wᵀx. */
    public static final Ops ERROR = Ops.NONE.adds(1).stateReads(1).stateWrites(1);

    private final float[][] w;
    private final double[][] p;
    private final float[] x;
    private final int[] active;
    private final double[] px;
    private final double[] error;

    /** A fresh readout of {@code features} inputs and {@code classes} outputs with ridge penalty {@code ridge}. */
    public RidgeReadout(int features, int classes, double ridge) {
        this(new float[features][classes], identity(features, ridge));
    }

    /**
     * A readout with weights {@code w} [feature][class] and inverse {@code p} [feature][feature] (restoring a
     * checkpoint); shapes are checked, the arrays are used as they are.
     */
    public RidgeReadout(float[][] w, double[][] p) {
        if (w.length < 1 || p.length != w.length) {
            throw new IllegalArgumentException("the readout needs at least one feature and a square inverse of the "
                    + "same size, got " + w.length + " and " + p.length);
        }
        int classes = w[0].length;
        for (float[] row : w) {
            if (row.length != classes) {
                throw new IllegalArgumentException("ragged readout weights");
            }
        }
        for (double[] row : p) {
            if (row.length != w.length) {
                throw new IllegalArgumentException("the readout inverse is not square");
            }
        }
        this.w = w;
        this.p = p;
        this.x = new float[w.length];
        this.active = new int[w.length];
        this.px = new double[w.length];
        this.error = new double[classes];
    }

    private static double[][] identity(int n, double ridge) {
        if (!(ridge > 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("the ridge penalty must be positive and finite, got " + ridge);
        }
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            p[i][i] = 1 / ridge;
        }
        return p;
    }

    /** Number of features. */
    public int features() {
        return w.length;
    }

    /** Number of classes. */
    public int classes() {
        return error.length;
    }

    /**
     * Writes the class scores Wᵀx of the L2-normalised {@code pooled} counts into {@code scores} (all 0 when no
     * feature is active), counting the work as forward work of {@code layer}.
     */
    public void score(float[] pooled, float[] scores, OpCounter counter, int layer) {
        int n = normalise(pooled);
        java.util.Arrays.fill(scores, 0f);
        for (int a = 0; a < n; a++) {
            int j = active[a];
            float v = x[j];
            float[] row = w[j];
            for (int k = 0; k < scores.length; k++) {
                scores[k] += v * row[k];
            }
        }
        if (counter.isEnabled()) {
            counter.forward(layer, NORM, pooled.length);
            counter.forward(layer, NORM_WRITE, n);
            counter.forward(layer, NORM_ROOT, 1);
            counter.forward(layer, SCORE, (long) n * scores.length);
        }
    }

    /**
     * Learns that the L2-normalised {@code pooled} counts belong to class {@code cls}: one recursive least squares
     * step, counted as learning work of {@code layer}. Counts with no active feature teach nothing.
     */
    public void learn(float[] pooled, int cls, OpCounter counter, int layer) {
        int n = normalise(pooled);
        if (n == 0) {
            return;
        }
        int size = w.length;
        for (int i = 0; i < size; i++) {
            double[] row = p[i];
            double sum = 0;
            for (int a = 0; a < n; a++) {
                int j = active[a];
                sum += row[j] * x[j];
            }
            px[i] = sum;
        }
        double xpx = 0;
        for (int a = 0; a < n; a++) {
            int j = active[a];
            xpx += x[j] * px[j];
        }
        double inv = 1 / (1 + xpx);
        for (int k = 0; k < error.length; k++) {
            error[k] = k == cls ? 1 : 0;
        }
        for (int a = 0; a < n; a++) {
            int j = active[a];
            float v = x[j];
            float[] row = w[j];
            for (int k = 0; k < error.length; k++) {
                error[k] -= v * row[k];
            }
        }
        for (int i = 0; i < size; i++) {
            double g = px[i] * inv;
            float[] row = w[i];
            for (int k = 0; k < error.length; k++) {
                row[k] += (float) (g * error[k]);
            }
            double[] prow = p[i];
            for (int j = 0; j < size; j++) {
                prow[j] -= g * px[j];
            }
        }
        if (counter.isEnabled()) {
            counter.learning(layer, NORM, size);
            counter.learning(layer, NORM_WRITE, n);
            counter.learning(layer, NORM_ROOT, 1);
            counter.learning(layer, PX, (long) size * n);
            counter.learning(layer, GAIN, n + size);
            counter.learning(layer, SCORE, (long) n * error.length);
            counter.learning(layer, ERROR, error.length);
            counter.learning(layer, WEIGHT_STEP, (long) size * error.length);
            counter.learning(layer, INVERSE_STEP, (long) size * size);
        }
    }

    /** Fills x with the normalised counts and {@code active} with the indices of the non-zero ones; their number. */
    private int normalise(float[] pooled) {
        if (pooled.length != w.length) {
            throw new IllegalArgumentException("expected " + w.length + " pooled counts, got " + pooled.length);
        }
        double sq = 0;
        for (float c : pooled) {
            sq += (double) c * c;
        }
        int n = 0;
        float scale = sq == 0 ? 0f : (float) (1 / Math.sqrt(sq));
        for (int j = 0; j < pooled.length; j++) {
            float v = pooled[j] * scale;
            x[j] = v;
            if (v != 0f) {
                active[n++] = j;
            }
        }
        return n;
    }

    /** A copy of this readout (weights and inverse), independent of it from now on. */
    public RidgeReadout copy() {
        float[][] wc = new float[w.length][];
        double[][] pc = new double[p.length][];
        for (int i = 0; i < w.length; i++) {
            wc[i] = w[i].clone();
            pc[i] = p[i].clone();
        }
        return new RidgeReadout(wc, pc);
    }

    /** The weights as [feature][class] (live, not a copy: for checkpoints and tests). */
    public float[][] weights() {
        return w;
    }

    /** The inverse P = (XᵀX + λI)⁻¹ as [feature][feature] (live, not a copy: for checkpoints and tests). */
    public double[][] inverse() {
        return p;
    }
}
