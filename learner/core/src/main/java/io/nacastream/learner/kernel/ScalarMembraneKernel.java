package io.nacastream.learner.kernel;

/**
 * {@link MembraneKernel} in plain Java, for JVMs without the Vector API: the leak-and-integrate loop, which C2
 * vectorizes, then a scalar threshold scan (C2 does not vectorize a compaction).
 */
public final class ScalarMembraneKernel implements MembraneKernel {

    /** The one instance (stateless). */
    public static final ScalarMembraneKernel INSTANCE = new ScalarMembraneKernel();

    private ScalarMembraneKernel() {
    }

    @Override
    public int integrateAndDetect(float[] v, float decay, float[] w, float threshold, float[] mask, int[] spikes) {
        int n = v.length;
        for (int k = 0; k < n; k++) {
            v[k] = v[k] * decay + w[k];
        }
        int m = 0;
        if (mask == null) {
            for (int k = 0; k < n; k++) {
                if (v[k] > threshold) {
                    spikes[m++] = k;
                }
            }
        } else {
            for (int k = 0; k < n; k++) {
                if (v[k] > threshold && mask[k] != 0f) {
                    spikes[m++] = k;
                }
            }
        }
        return m;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
