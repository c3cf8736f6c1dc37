package io.nacastream.learner.readout;

import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.Ops;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RidgeReadoutTest {

    private static final int FEATURES = 6;
    private static final int CLASSES = 3;
    private static final double RIDGE = 0.1;

    /** Sparse non-negative count vectors (as pooled spike counts are), each with a class. */
    private static List<float[]> samples(Random random, int n) {
        List<float[]> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            float[] x = new float[FEATURES + 1];
            for (int j = 0; j < FEATURES; j++) {
                x[j] = random.nextInt(3) == 0 ? 0f : random.nextInt(9);
            }
            x[FEATURES] = random.nextInt(CLASSES);
            out.add(x);
        }
        return out;
    }

    private static float[] counts(float[] sample) {
        return java.util.Arrays.copyOf(sample, FEATURES);
    }

    /** The closed-form ridge solution (XᵀX + λI)⁻¹XᵀY on L2-normalised rows, by Gauss-Jordan elimination. */
    private static double[][] closedForm(List<float[]> data) {
        int n = FEATURES;
        double[][] a = new double[n][n + CLASSES];
        for (int i = 0; i < n; i++) {
            a[i][i] = RIDGE;
        }
        for (float[] s : data) {
            double norm = 0;
            for (int j = 0; j < n; j++) {
                norm += s[j] * s[j];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] += s[i] / norm * s[j] / norm;
                }
                a[i][n + (int) s[n]] += s[i] / norm;
            }
        }
        for (int c = 0; c < n; c++) {
            double pivot = a[c][c];
            for (int j = 0; j < a[c].length; j++) {
                a[c][j] /= pivot;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = a[r][c];
                    for (int j = 0; j < a[r].length; j++) {
                        a[r][j] -= f * a[c][j];
                    }
                }
            }
        }
        double[][] w = new double[n][CLASSES];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, w[i], 0, CLASSES);
        }
        return w;
    }

    @Test
    void onlineUpdatesEqualTheClosedFormRidgeWhateverTheOrder() {
        List<float[]> data = samples(new Random(3), 40);
        double[][] expected = closedForm(data);
        for (int order = 0; order < 2; order++) {
            List<float[]> shuffled = new ArrayList<>(data);
            Collections.shuffle(shuffled, new Random(order));
            RidgeReadout r = new RidgeReadout(FEATURES, CLASSES, RIDGE);
            for (float[] s : shuffled) {
                r.learn(counts(s), (int) s[FEATURES], OpCounter.disabled(List.of("h", "out")), 1);
            }
            for (int j = 0; j < FEATURES; j++) {
                for (int k = 0; k < CLASSES; k++) {
                    assertEquals(expected[j][k], r.weights()[j][k], 1e-4, "weight " + j + "," + k);
                }
            }
        }
    }

    @Test
    void scoresAreTheWeightsTimesTheNormalisedCounts() {
        RidgeReadout r = new RidgeReadout(2, 2, 1.0);
        OpCounter off = OpCounter.disabled(List.of("h", "out"));
        r.learn(new float[] {3, 4}, 1, off, 1);
        // P = I, x = (0.6, 0.8), xᵀPx = 1, k = x / 2, error = (0, 1): W = [[0, 0.3], [0, 0.4]]
        assertArrayEquals(new float[] {0f, 0.3f}, r.weights()[0], 1e-6f);
        assertArrayEquals(new float[] {0f, 0.4f}, r.weights()[1], 1e-6f);
        assertEquals(1 - 0.36 / 2, r.inverse()[0][0], 1e-6);
        assertEquals(-0.48 / 2, r.inverse()[0][1], 1e-6);
        float[] scores = new float[2];
        r.score(new float[] {6, 8}, scores, off, 1);
        assertArrayEquals(new float[] {0f, 0.5f}, scores, 1e-6f, "0.6 * 0.3 + 0.8 * 0.4");
        r.score(new float[] {0, 0}, scores, off, 1);
        assertArrayEquals(new float[] {0f, 0f}, scores, 0f, "no activity: no evidence");
    }

    @Test
    void countsEveryOperationOfAScoreAndAStep() {
        RidgeReadout r = new RidgeReadout(4, 3, 1.0);
        OpCounter on = OpCounter.enabled(List.of("h", "out"));
        float[] pooled = {0, 2, 0, 5};   // 2 of 4 features active
        r.score(pooled, new float[3], on, 1);
        Ops forward = on.snapshot().layers().get(1).forward();
        Ops expected = sum(RidgeReadout.NORM, 4, RidgeReadout.NORM_WRITE, 2, RidgeReadout.NORM_ROOT, 1,
                RidgeReadout.SCORE, 2 * 3);
        assertEquals(expected, forward);
        r.learn(pooled, 2, on, 1);
        Ops learning = on.snapshot().layers().get(1).learning();
        Ops step = sum(RidgeReadout.NORM, 4, RidgeReadout.NORM_WRITE, 2, RidgeReadout.NORM_ROOT, 1,
                RidgeReadout.PX, 4 * 2, RidgeReadout.GAIN, 2 + 4, RidgeReadout.SCORE, 2 * 3, RidgeReadout.ERROR, 3,
                RidgeReadout.WEIGHT_STEP, 4 * 3, RidgeReadout.INVERSE_STEP, 4 * 4);
        assertEquals(step, learning);
        assertEquals(8 * 2L + 16 * 2L + 6 + 12, learning.weightReads(), "P is double: two words per element");
    }

    private static Ops sum(Object... costAndUnits) {
        Ops total = Ops.NONE;
        for (int i = 0; i < costAndUnits.length; i += 2) {
            total = total.plus(((Ops) costAndUnits[i]).times(((Number) costAndUnits[i + 1]).longValue()));
        }
        return total;
    }

    @Test
    void rejectsBadShapesAndPenalties() {
        assertThrows(IllegalArgumentException.class, () -> new RidgeReadout(3, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new RidgeReadout(new float[2][2], new double[3][3]));
        RidgeReadout r = new RidgeReadout(3, 2, 1);
        assertThrows(IllegalArgumentException.class,
                () -> r.score(new float[4], new float[2], OpCounter.disabled(List.of("h", "out")), 1));
    }
}
