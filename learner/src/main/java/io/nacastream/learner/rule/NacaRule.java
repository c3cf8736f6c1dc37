package io.nacastream.learner.rule;

/**
 * The per-layer array kernels of NACA, as pure functions on {@code float[]} vectors (naca.md §1.3, §1.6, §4.3). They
 * are written as simple same-index loops without branches so that C2 vectorizes them; they allocate nothing.
 *
 * <p>The plasticity gate is Δs_k = [v_k &gt; thr - lens] - sPrev_k. The indicator is computed without a branch as
 * {@code min(1, max(0, (v - low) * 2^100 * 2^100))}: any positive difference, even the smallest subnormal float,
 * overflows to at least 1, zero stays 0 and negatives clamp to 0, so it equals the comparison exactly.
 */
public final class NacaRule {

    private static final float SCALE = 0x1p100f;

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
     * {@link #gate} that also adds |ds_k| to {@code tally_k}: the open-gate count per unit, summed later (exact while
     * each tally stays below 2^24), so counting costs no separate pass or reduction over the gate vector.
     */
    public static void gateTally(float[] ds, float[] v, float[] sPrev, float low, float[] mask, float[] tally) {
        if (mask == null) {
            for (int k = 0; k < ds.length; k++) {
                float d = above(v[k], low) - sPrev[k];
                ds[k] = d;
                tally[k] += Math.abs(d);
            }
        } else {
            for (int k = 0; k < ds.length; k++) {
                float d = (above(v[k], low) - sPrev[k]) * mask[k];
                ds[k] = d;
                tally[k] += Math.abs(d);
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

    /**
     * Number of open gates (non-zero ds), i.e. the weights an update of one column changes. Eight independent sums
     * of |ds| keep the loop free of branches and of a serial dependency (exact: integer values far below 2^24).
     */
    public static int gated(float[] ds) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        float a4 = 0;
        float a5 = 0;
        float a6 = 0;
        float a7 = 0;
        int n = ds.length;
        int k = 0;
        for (; k + 8 <= n; k += 8) {
            a0 += Math.abs(ds[k]);
            a1 += Math.abs(ds[k + 1]);
            a2 += Math.abs(ds[k + 2]);
            a3 += Math.abs(ds[k + 3]);
            a4 += Math.abs(ds[k + 4]);
            a5 += Math.abs(ds[k + 5]);
            a6 += Math.abs(ds[k + 6]);
            a7 += Math.abs(ds[k + 7]);
        }
        for (; k < n; k++) {
            a0 += Math.abs(ds[k]);
        }
        return (int) (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7);
    }

    /** v_k *= factor. */
    public static void scale(float[] v, float factor) {
        for (int k = 0; k < v.length; k++) {
            v[k] *= factor;
        }
    }
}
