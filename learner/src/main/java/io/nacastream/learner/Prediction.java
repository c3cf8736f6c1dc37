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

    @Override
    public float[] scores() {
        return scores.clone();
    }
}
