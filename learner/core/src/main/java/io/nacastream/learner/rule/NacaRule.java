package io.nacastream.learner.rule;

import io.nacastream.learner.energy.Ops;

import java.util.Arrays;

/**
 * The per-layer array kernels of NACA, as pure functions on {@code float[]} vectors (naca.md §1.3, §1.6, §4.3). They
 * are written as simple same-index loops without branches so that C2 vectorizes them; they allocate nothing.
 *
 * <p>The plasticity gate is Δs_k = [v_k &gt; thr - lens] - sPrev_k. The indicator is computed without a branch as
 * {@code min(1, max(0, (v - low) * 2^100 * 2^100))}: any positive difference, even the smallest subnormal float,
 * overflows to at least 1, zero stays 0 and negatives clamp to 0, so it equals the comparison exactly. Each kernel
 * has its cost per unit (or per weight) as an {@link Ops} constant, which the learners count.
 */
public final class NacaRule {

    private static final float SCALE = 0x1p100f;

    /** Cost per unit of {@link #leakAndIntegrate}: a multiply-add, the weight, the membrane read and written. */
    public static final Ops LEAK_AND_INTEGRATE = Ops.NONE.macs(1).weightReads(1).stateReads(1).stateWrites(1);
    /** Cost per unit of {@link #accumulate}: an add, the weight, the accumulator read and written. */
    public static final Ops ACCUMULATE = Ops.NONE.adds(1).weightReads(1).stateReads(1).stateWrites(1);
    /** Cost per unit of {@link #tick}: {@code 1 - s}, two multiplies and the add; v, s, acc read, v written. */
    public static final Ops TICK = Ops.NONE.adds(1).macs(2).stateReads(3).stateWrites(1);
    /** Cost per unit of {@link #gate} without a mask: {@link #above} (a subtract, two multiplies, a clamp), the
     *  subtraction of s_prev; v and s_prev read, ds written. */
    public static final Ops GATE = Ops.NONE.adds(2).macs(2).compares(2).stateReads(2).stateWrites(1);
    /** Cost per unit of {@link #gate} with a mask: one more multiply and read. */
    public static final Ops GATE_MASKED = GATE.macs(3).stateReads(3);
    /** Cost per unit of {@link #window} without a mask: two {@link #above} and their difference; v read, ds written. */
    public static final Ops WINDOW = Ops.NONE.adds(3).macs(4).compares(4).stateReads(1).stateWrites(1);
    /** Cost per unit of {@link #window} with a mask: one more multiply and read. */
    public static final Ops WINDOW_MASKED = WINDOW.macs(5).stateReads(2);
    /** Cost per (class, unit) of {@link #projectError}: a multiply-add, B and the error read, the sum written. */
    public static final Ops PROJECT_ERROR = Ops.NONE.macs(1).weightReads(1).stateReads(2).stateWrites(1);

    /** Cost per weight of {@link #update}: a multiply-add, the weight read and written, g and ds read. */
    public static final Ops UPDATE = Ops.NONE.macs(1).weightReads(1).weightWrites(1).stateReads(2);
    /** Cost per weight of {@link #updateBounded}: {@link #UPDATE} and the clamp's two compares. */
    public static final Ops UPDATE_BOUNDED = UPDATE.compares(2);
    /** Cost per element of {@link #scale}. */
    public static final Ops SCALE_COST = Ops.NONE.macs(1).stateReads(1).stateWrites(1);

    private NacaRule() {
    }

    /** [v &gt; low] as 0 or 1, exactly, without a branch. */
    public static float above(float v, float low) {
        return Math.min(1f, Math.max(0f, (v - low) * SCALE * SCALE));
    }

    /** Event-driven leak and integrate: v_k = v_k * decay + w_k. */
    public static void leakAndIntegrate(float[] v, float decay, float[] w) {
        for (int k = 0; k < v.length; k++) {
            v[k] = v[k] * decay + w[k];
        }
    }

    /** Spike-driven accumulate: acc_k += w_k. */
    public static void accumulate(float[] acc, float[] w) {
        for (int k = 0; k < acc.length; k++) {
            acc[k] += w[k];
        }
    }

    /**
     * The reference's discrete LIF step (tick mode): v_k = decay * v_k * (1 - s_k) + acc_k, where s_k is the spike of
     * the previous tick (the multiplicative reset).
     */
    public static void tick(float[] v, float[] sPrev, float[] acc, float decay) {
        for (int k = 0; k < v.length; k++) {
            v[k] = decay * v[k] * (1f - sPrev[k]) + acc[k];
        }
    }

    /**
     * The plasticity gate of a layer: ds_k = ([v_k &gt; low] - sPrev_k) · mask_k, in {-1, 0, +1} ({@code mask} null:
     * all units plastic). Computed once per layer update, then applied to every presynaptic column by {@link #update}.
     */
    public static void gate(float[] ds, float[] v, float[] sPrev, float low, float[] mask) {
        if (mask == null) {
            for (int k = 0; k < ds.length; k++) {
                ds[k] = above(v[k], low) - sPrev[k];
            }
        } else {
            for (int k = 0; k < ds.length; k++) {
                ds[k] = (above(v[k], low) - sPrev[k]) * mask[k];
            }
        }
    }

    /**
     * The rectangle surrogate of DRTP and DFA, without spike timing: ds_k = [low &lt; v_k ≤ high] · mask_k, 0 or 1,
     * with low = θ - lens and high = θ + lens ({@code mask} null: all units plastic).
     */
    public static void window(float[] ds, float[] v, float low, float high, float[] mask) {
        if (mask == null) {
            for (int k = 0; k < ds.length; k++) {
                ds[k] = above(v[k], low) - above(v[k], high);
            }
        } else {
            for (int k = 0; k < ds.length; k++) {
                ds[k] = (above(v[k], low) - above(v[k], high)) * mask[k];
            }
        }
    }

    /**
     * DFA's teaching signal of a hidden layer: g_j = η · Σ_q B[q][j] · e_q for the output error e = r - y*, into
     * {@code g} (zeroed first).
     */
    public static void projectError(float[] g, ModulationTable b, float[] e, float eta) {
        Arrays.fill(g, 0f);
        for (int q = 0; q < b.classes(); q++) {
            float eq = eta * e[q];
            float[] row = b.forClass(q);
            for (int j = 0; j < g.length; j++) {
                g[j] += row[j] * eq;
            }
        }
    }

    /**
     * The local plasticity update of one presynaptic column: w_k -= g_k · ds_k, with ds the layer's {@link #gate}.
     * For a hidden layer g = η_h · f(nl(c)) (label only); for the output layer g = η_o · (r - y).
     */
    public static void update(float[] w, float[] g, float[] ds) {
        for (int k = 0; k < w.length; k++) {
            w[k] -= g[k] * ds[k];
        }
    }

    /**
     * {@link #update} that leaves every weight of the column within [-bound, bound]: w_k = clamp(w_k - g_k · ds_k).
     * Weights start within 1/sqrt(fan-in), so with a bound above that a closed gate leaves its weight as it was. Not
     * in the reference (naca.md §4.5 item 5).
     */
    public static void updateBounded(float[] w, float[] g, float[] ds, float bound) {
        for (int k = 0; k < w.length; k++) {
            w[k] = Math.min(bound, Math.max(-bound, w[k] - g[k] * ds[k]));
        }
    }

    /** v_k *= factor. */
    public static void scale(float[] v, float factor) {
        for (int k = 0; k < v.length; k++) {
            v[k] *= factor;
        }
    }
}
