package io.nacastream.learner.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {

    private static Evaluation of(long[][] confusion) {
        long n = 0;
        long correct = 0;
        for (int i = 0; i < confusion.length; i++) {
            for (long v : confusion[i]) {
                n += v;
            }
            correct += confusion[i][i];
        }
        return new Evaluation(n, correct, Double.NaN, 50, Double.NaN, Double.NaN, 0, confusion, Double.NaN,
                Double.NaN, 0);
    }

    @Test
    void largestPredictedShareRatioFindsTheMostOverPredictedClass() {
        // 3 classes, 4 instances each; last column: no prediction
        assertEquals(1.0, of(new long[][] {{4, 0, 0, 0}, {0, 4, 0, 0}, {0, 0, 4, 0}}).largestPredictedShareRatio());
        // class 2 predicted 8 times for 4 true: 2x its share
        assertEquals(2.0, of(new long[][] {{2, 0, 2, 0}, {0, 2, 2, 0}, {0, 0, 4, 0}}).largestPredictedShareRatio());
        // a collapse onto class 0
        assertEquals(3.0, of(new long[][] {{4, 0, 0, 0}, {4, 0, 0, 0}, {4, 0, 0, 0}}).largestPredictedShareRatio());
        // abstentions count for no class
        assertEquals(0.5, of(new long[][] {{2, 0, 0, 2}, {0, 2, 0, 2}, {0, 0, 2, 2}}).largestPredictedShareRatio());
        assertTrue(Double.isNaN(of(new long[][] {{0, 0, 0}, {0, 0, 0}}).largestPredictedShareRatio()));
        assertEquals(Double.POSITIVE_INFINITY,
                of(new long[][] {{3, 1, 0}, {0, 0, 0}}).largestPredictedShareRatio(), "a class that never occurs");
    }
}
