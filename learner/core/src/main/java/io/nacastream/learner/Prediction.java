package io.nacastream.learner;

/**
 * What the learner predicts for a stream at a moment: the class with the highest output rate, the per-class
 * scores (output rates, normalised to sum 1 when any output fired) and the label in force if one is known
 * ({@code -1} otherwise). {@code predicted} is -1 while no output has fired.
 */
public record Prediction(String streamId, long timestampUs, int predicted, float[] scores, int label) {

    public Prediction {
        scores = scores.clone();
    }

    /**
     * The prediction for class {@code scores} (rates, probabilities or a linear readout's scores; not modified), with
     * negative scores counted as 0: the argmax (-1 if none is positive; first index wins ties) and the scores
     * normalised to sum 1 when any is positive.
     */
    public static Prediction fromScores(String streamId, long timestampUs, float[] scores, int label) {
        float[] normalised = new float[scores.length];
        float sum = 0;
        int best = -1;
        for (int k = 0; k < normalised.length; k++) {
            normalised[k] = Math.max(0f, scores[k]);
            sum += normalised[k];
            if (normalised[k] > 0 && (best < 0 || normalised[k] > normalised[best])) {
                best = k;
            }
        }
        if (sum > 0) {
            for (int k = 0; k < normalised.length; k++) {
                normalised[k] /= sum;
            }
        }
        return new Prediction(streamId, timestampUs, best, normalised, label);
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }
}
