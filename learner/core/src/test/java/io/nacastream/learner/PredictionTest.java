package io.nacastream.learner;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PredictionTest {

    @Test
    void negativeScoresOfALinearReadoutCountAsZero() {
        float[] scores = {-0.4f, 0.6f, 0.2f};
        Prediction p = Prediction.fromScores("s", 5, scores, 1);
        assertEquals(1, p.predicted());
        assertArrayEquals(new float[] {0f, 0.75f, 0.25f}, p.scores(), 1e-6f);
        assertArrayEquals(new float[] {-0.4f, 0.6f, 0.2f}, scores, 0f, "the caller's array is not modified");
        assertEquals(-1, Prediction.fromScores("s", 5, new float[] {-1f, -2f}, 0).predicted(), "none positive");
    }
}
