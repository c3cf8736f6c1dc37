package io.nacastream.learner.sbp;

import io.nacastream.learner.energy.Ops;

/**
 * The array kernels of SBP (naca.md §3.1) as pure functions on {@code float[]} vectors and {@code [pre][post]}
 * weight rows: the relaxation of both phases, the contrastive base change ΔW = pre·(post_clamped - post_free)/β
 * split into LTP (ΔW⁺) and LTD (ΔW⁻), the share-driven rescaling factors 1 + λφ·N(v) with N(v) = |v|/Σ|v|, and
 * the rescaled update. They allocate nothing. Each kernel has its cost per unit, per row or per weight as an
 * {@link Ops} constant (docs/learner.md, "Energy"), which the network counts.
 */
public final class SbpRule {

    /** Cost per unit of {@link #drive}: the bias read, a multiply-add, the drive read, net written. */
    public static final Ops DRIVE = Ops.NONE.macs(1).weightReads(1).stateReads(1).stateWrites(1);
    /** Cost per unit of {@link #bias}: the bias read, net written. */
    public static final Ops BIAS = Ops.NONE.weightReads(1).stateWrites(1);
    /** Cost per weight of {@link #forward}: a multiply-add, the weight read, net read and written. */
    public static final Ops FORWARD = Ops.NONE.macs(1).weightReads(1).stateReads(1).stateWrites(1);
    /** Cost per presynaptic row of {@link #forward}: its activity read. */
    public static final Ops FORWARD_ROW = Ops.NONE.stateReads(1);
    /** Cost per weight of {@link #feedback}: a multiply-add, the weight and the upper unit read. */
    public static final Ops FEEDBACK = Ops.NONE.macs(1).weightReads(1).stateReads(1);
    /** Cost per row of {@link #feedback}: the sum added to net (read and written). */
    public static final Ops FEEDBACK_ROW = Ops.NONE.adds(1).stateReads(1).stateWrites(1);
    /**
     * Cost per unit of {@link #relaxHidden}: h - net (add), h - ε·(...) (multiply-add), sig2 = 2/(1 + exp(-u)) - 1
     * (an exponential, a division, two adds); h and net read, h written.
     */
    public static final Ops RELAX_HIDDEN = Ops.NONE.adds(3).macs(1).exps(2).stateReads(2).stateWrites(1);
    /** Cost per unit of {@link #relaxOutput}: an add, a multiply-add, the ReLU's compare; o and net read, o written. */
    public static final Ops RELAX_OUTPUT = Ops.NONE.adds(1).macs(1).compares(1).stateReads(2).stateWrites(1);
    /** Cost per unit of {@link #nudge}: the target test, o - y, net - β·(...); net and o read, net written. */
    public static final Ops NUDGE = Ops.NONE.adds(1).macs(1).compares(1).stateReads(2).stateWrites(1);
    /** Cost per unit of {@link #difference}: a subtract and a multiply; both states read, d written. */
    public static final Ops DIFFERENCE = Ops.NONE.adds(1).macs(1).stateReads(2).stateWrites(1);
    /**
     * Cost per weight of {@link #rowStats}: Δ = pre·d (multiply), its LTP and LTD parts (two clamps), three sums;
     * d and the column sum read, the column sum written.
     */
    public static final Ops STATS = Ops.NONE.adds(3).macs(1).compares(2).stateReads(2).stateWrites(1);
    /** Cost per row of {@link #rowStats}: the row's two sums written. */
    public static final Ops STATS_ROW = Ops.NONE.stateWrites(2);
    /** Cost per element of {@link #absSum}: |v| (a compare) and an add; v read. */
    public static final Ops ABS_SUM = Ops.NONE.adds(1).compares(1).stateReads(1);
    /** Cost of {@link #gain}: the zero test and a division. */
    public static final Ops GAIN = Ops.NONE.compares(1).exps(1);
    /** Cost per element of {@link #affine}: |x| and a multiply-add; x read, out written. */
    public static final Ops AFFINE = Ops.NONE.macs(1).compares(1).stateReads(1).stateWrites(1);
    /** Cost per element of {@link #affine2}: two of {@link #AFFINE}'s, one write. */
    public static final Ops AFFINE2 = Ops.NONE.macs(2).compares(2).stateReads(2).stateWrites(1);
    /** Cost per element of {@link #preScaled}: |s|, (1 + g·|s|)·|s|; s read, out written. */
    public static final Ops PRE_SCALED = Ops.NONE.macs(2).compares(1).stateReads(1).stateWrites(1);
    /**
     * Cost per weight of {@link #update}: Δ = pre·d, its two parts (clamps), the two scales (adds) and the two
     * multiply-adds into w; the weight read and written, d and both column scales read.
     */
    public static final Ops UPDATE = Ops.NONE.adds(2).macs(3).compares(2).weightReads(1).weightWrites(1)
            .stateReads(3);
    /** Cost per row of {@link #update}: the row's activity and its two scales read. */
    public static final Ops UPDATE_ROW = Ops.NONE.stateReads(3);
    /** Cost per unit of {@link #biasStep}: a multiply-add, the bias read and written, d read. */
    public static final Ops BIAS_STEP = Ops.NONE.macs(1).weightReads(1).weightWrites(1).stateReads(1);

    private SbpRule() {
    }

    /** The reference's sig2(u) = 2 / (1 + e^-u) - 1 (= tanh(u/2)), in (-1, 1). */
    public static float sig2(float u) {
        return 2f / (1f + (float) Math.exp(-u)) - 1f;
    }

    /** First hidden layer's net input from the pooled input drive: net_k = b_k + a_k · inv. */
    public static void drive(float[] net, float[] a, float inv, float[] b) {
        for (int k = 0; k < net.length; k++) {
            net[k] = b[k] + a[k] * inv;
        }
    }

    /** net_k = b_k. */
    public static void bias(float[] net, float[] b) {
        System.arraycopy(b, 0, net, 0, net.length);
    }

    /** Bottom-up input: net_k += Σ_i pre_i · w[i][k]. */
    public static void forward(float[] net, float[] pre, float[][] w) {
        for (int i = 0; i < pre.length; i++) {
            float p = pre[i];
            float[] row = w[i];
            for (int k = 0; k < net.length; k++) {
                net[k] += p * row[k];
            }
        }
    }

    /** Top-down input through the transposed upper weights (the reference's h_{+1}Wᵀ): net_i += Σ_k w[i][k]·up_k. */
    public static void feedback(float[] net, float[][] w, float[] up) {
        for (int i = 0; i < net.length; i++) {
            float[] row = w[i];
            float s = 0f;
            for (int k = 0; k < up.length; k++) {
                s += row[k] * up[k];
            }
            net[i] += s;
        }
    }

    /** One relaxation step of a hidden layer: h_k = sig2(h_k - ε(h_k - net_k)). */
    public static void relaxHidden(float[] h, float[] net, float eps) {
        for (int k = 0; k < h.length; k++) {
            h[k] = sig2(h[k] - eps * (h[k] - net[k]));
        }
    }

    /** One relaxation step of the output layer: o_k = max(0, o_k - ε(o_k - net_k)). */
    public static void relaxOutput(float[] o, float[] net, float eps) {
        for (int k = 0; k < o.length; k++) {
            o[k] = Math.max(0f, o[k] - eps * (o[k] - net[k]));
        }
    }

    /** The clamped phase's weak nudge of the output towards the one-hot target: net_k -= β(o_k - [k = target]). */
    public static void nudge(float[] net, float[] o, float beta, int target) {
        for (int k = 0; k < net.length; k++) {
            net[k] -= beta * (o[k] - (k == target ? 1f : 0f));
        }
    }

    /** d_k = (clamped_k - free_k) · invBeta: the base change's postsynaptic factor. */
    public static void difference(float[] d, float[] clamped, float[] free, float invBeta) {
        for (int k = 0; k < d.length; k++) {
            d[k] = (clamped[k] - free[k]) * invBeta;
        }
    }

    /**
     * The LTP and LTD sums of row {@code r} of the base change Δ_k = pre·d_k: rowPlus[r] = Σ_k max(Δ_k, 0),
     * rowMinus[r] = Σ_k min(Δ_k, 0), and colMinus_k += min(Δ_k, 0).
     */
    public static void rowStats(float pre, float[] d, float[] colMinus, float[] rowPlus, float[] rowMinus, int r) {
        float plus = 0f;
        float minus = 0f;
        for (int k = 0; k < d.length; k++) {
            float delta = pre * d[k];
            float m = Math.min(delta, 0f);
            plus += Math.max(delta, 0f);
            minus += m;
            colMinus[k] += m;
        }
        rowPlus[r] = plus;
        rowMinus[r] = minus;
    }

    /** Σ_i |v_i| over the first {@code n} elements. */
    public static float absSum(float[] v, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += Math.abs(v[i]);
        }
        return s;
    }

    /** λφ / total, so that 1 + gain·|v_i| = 1 + λφ·N(v)_i; 0 when the total is 0 (no change: factor 1). */
    public static float gain(float lambdaPhi, float total) {
        return total > 0f ? lambdaPhi / total : 0f;
    }

    /** out_i = c0 + c1·|x_i| for the first {@code n} elements. */
    public static void affine(float[] out, int n, float c0, float c1, float[] x) {
        for (int i = 0; i < n; i++) {
            out[i] = c0 + c1 * Math.abs(x[i]);
        }
    }

    /** out_i = c0 + c1·|x_i| + c2·|y_i| for the first {@code n} elements. */
    public static void affine2(float[] out, int n, float c0, float c1, float[] x, float c2, float[] y) {
        for (int i = 0; i < n; i++) {
            out[i] = c0 + c1 * Math.abs(x[i]) + c2 * Math.abs(y[i]);
        }
    }

    /**
     * The row sums of a layer's change after its SBP(pre) scaling: out_i = (1 + g·|s_i|)·|s_i|, what SBP(bp) of the
     * layer below reads (each unit's total output-synapse change).
     */
    public static void preScaled(float[] out, int n, float g, float[] s) {
        for (int i = 0; i < n; i++) {
            float a = Math.abs(s[i]);
            out[i] = (1f + g * a) * a;
        }
    }

    /**
     * The rescaled update of one presynaptic row: with Δ_k = pre·d_k, w_k += max(Δ_k, 0)·(sPlus + tPlus_k) +
     * min(Δ_k, 0)·(sMinus + tMinus_k), where s are the row's scales and t the columns' (learning rate included).
     */
    public static void update(float[] w, float pre, float[] d, float sPlus, float sMinus, float[] tPlus,
                              float[] tMinus) {
        for (int k = 0; k < w.length; k++) {
            float delta = pre * d[k];
            w[k] += Math.max(delta, 0f) * (sPlus + tPlus[k]) + Math.min(delta, 0f) * (sMinus + tMinus[k]);
        }
    }

    /** The bias step b_k += α·d_k (the reference's α·mean((h_clamped - h_free)/β) with one sample). */
    public static void biasStep(float[] b, float[] d, float alpha) {
        for (int k = 0; k < b.length; k++) {
            b[k] += alpha * d[k];
        }
    }
}
