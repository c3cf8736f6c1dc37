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
     * The local plasticity update of one presynaptic column: w_k -= g_k * Δs_k with Δs_k = [v_k &gt; low] - sPrev_k.
     * For a hidden layer g = η_h · f(nl(c)) (label only); for the output layer g = η_o · (r - y).
     */
    public static void update(float[] w, float[] g, float[] v, float[] sPrev, float low) {
        for (int k = 0; k < w.length; k++) {
            w[k] -= g[k] * (above(v[k], low) - sPrev[k]);
        }
    }

    /** {@link #update} gated per postsynaptic unit by a 0/1 plasticity mask (a masked unit does not learn). */
    public static void updateMasked(float[] w, float[] g, float[] v, float[] sPrev, float low, float[] mask) {
        for (int k = 0; k < w.length; k++) {
            w[k] -= g[k] * mask[k] * (above(v[k], low) - sPrev[k]);
        }
    }

    /**
     * Number of units whose gate Δs is non-zero (those whose incoming weight an update changes), among units with
     * mask 1 ({@code mask} null: all). Four independent sums keep the loop free of a serial dependency.
     */
    public static int gated(float[] v, float[] sPrev, float low, float[] mask) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int n = v.length;
        int k = 0;
        if (mask == null) {
            for (; k + 4 <= n; k += 4) {
                a0 += Math.abs(above(v[k], low) - sPrev[k]);
                a1 += Math.abs(above(v[k + 1], low) - sPrev[k + 1]);
                a2 += Math.abs(above(v[k + 2], low) - sPrev[k + 2]);
                a3 += Math.abs(above(v[k + 3], low) - sPrev[k + 3]);
            }
            for (; k < n; k++) {
                a0 += Math.abs(above(v[k], low) - sPrev[k]);
            }
        } else {
            for (; k < n; k++) {
                a0 += Math.abs(above(v[k], low) - sPrev[k]) * mask[k];
            }
        }
        return (int) (a0 + a1 + a2 + a3);   // exact: integer-valued sums far below 2^24
    }

    /**
     * The largest element (negative infinity for an empty vector; NaN elements are ignored). Eight independent
     * running maxima: C2 does not vectorize a float max reduction, so this breaks the serial dependency instead.
     */
    public static float max(float[] v) {
        float m0 = Float.NEGATIVE_INFINITY;
        float m1 = m0;
        float m2 = m0;
        float m3 = m0;
        float m4 = m0;
        float m5 = m0;
        float m6 = m0;
        float m7 = m0;
        int n = v.length;
        int k = 0;
        for (; k + 8 <= n; k += 8) {
            m0 = v[k] > m0 ? v[k] : m0;
            m1 = v[k + 1] > m1 ? v[k + 1] : m1;
            m2 = v[k + 2] > m2 ? v[k + 2] : m2;
            m3 = v[k + 3] > m3 ? v[k + 3] : m3;
            m4 = v[k + 4] > m4 ? v[k + 4] : m4;
            m5 = v[k + 5] > m5 ? v[k + 5] : m5;
            m6 = v[k + 6] > m6 ? v[k + 6] : m6;
            m7 = v[k + 7] > m7 ? v[k + 7] : m7;
        }
        for (; k < n; k++) {
            m0 = v[k] > m0 ? v[k] : m0;
        }
        float a = m0 > m1 ? m0 : m1;
        float b = m2 > m3 ? m2 : m3;
        float c = m4 > m5 ? m4 : m5;
        float d = m6 > m7 ? m6 : m7;
        a = a > b ? a : b;
        c = c > d ? c : d;
        return a > c ? a : c;
    }

    /** v_k *= factor. */
    public static void scale(float[] v, float factor) {
        for (int k = 0; k < v.length; k++) {
            v[k] *= factor;
        }
    }
}
