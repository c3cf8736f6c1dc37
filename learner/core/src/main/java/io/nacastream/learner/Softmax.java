package io.nacastream.learner;

/** The softmax as a pure function, shared by the learners with a softmax output. */
public final class Softmax {

    private Softmax() {
    }

    /** Replaces the logits {@code z} by their softmax, shifted by the maximum for stability. */
    public static void inPlace(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float x : z) {
            max = Math.max(max, x);
        }
        float sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = (float) Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
    }
}
