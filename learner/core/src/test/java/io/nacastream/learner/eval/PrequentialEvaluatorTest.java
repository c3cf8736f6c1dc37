package io.nacastream.learner.eval;

import io.nacastream.learner.SegmentResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** κ, κ_T, windows, confusion and latency against values worked out by hand. */
class PrequentialEvaluatorTest {

    @Test
    void cohensKappaOfTextbookTables() {
        // Two raters, 50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no. p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5
        assertEquals(0.4, Kappa.cohen(new long[][] {{20, 5}, {10, 15}}), 1e-12);
        assertEquals(1.0, Kappa.cohen(new long[][] {{3, 0, 0}, {0, 4, 0}, {0, 0, 5}}), 1e-12);
        assertEquals(0.0, Kappa.cohen(new long[][] {{25, 25}, {25, 25}}), 1e-12);   // agreement at chance level
        // 3 classes, 38 items: p_o = 24/38; rows (14, 12, 12), cols (16, 12, 10):
        // p_e = (14·16 + 12·12 + 12·10) / 38² = 488/1444; κ = (p_o - p_e) / (1 - p_e) = 0.443514644...
        double po = 24.0 / 38;
        double pe = 488.0 / 1444;
        assertEquals((po - pe) / (1 - pe), Kappa.cohen(new long[][] {{10, 2, 2}, {2, 8, 2}, {4, 2, 6}}), 1e-12);
        assertEquals(0.4435146443514644, Kappa.cohen(new long[][] {{10, 2, 2}, {2, 8, 2}, {4, 2, 6}}), 1e-12);
        assertTrue(Double.isNaN(Kappa.cohen(new long[][] {{0, 0}, {0, 0}})));
    }

    @Test
    void kappaTCorrectsForTheNoChangeClassifier() {
        PrequentialEvaluator e = new PrequentialEvaluator(2, 2);
        int[] truth = {0, 0, 0, 1, 1};
        int[] predicted = {0, 0, 1, 1, 1};
        for (int i = 0; i < truth.length; i++) {
            e.add("s", truth[i], predicted[i]);
        }
        Evaluation s = e.snapshot();
        assertEquals(0.8, s.accuracy(), 1e-12);
        // no-change: no previous label for the first instance (wrong), then right, right, wrong, right = 3/5
        assertEquals(0.6, s.noChangeAccuracy(), 1e-12);
        assertEquals((0.8 - 0.6) / (1 - 0.6), s.kappaT(), 1e-12);
        assertEquals(1.0, s.windowAccuracy(), 1e-12);           // the last two were right
        assertArrayEquals(new long[] {2, 1, 0}, s.confusion()[0]);
        assertArrayEquals(new long[] {0, 2, 0}, s.confusion()[1]);
        // κ: p_o 0.8; rows (3, 2), cols (2, 3): p_e = (3·2 + 2·3)/25 = 0.48
        assertEquals((0.8 - 0.48) / 0.52, s.kappa(), 1e-12);
    }

    @Test
    void theNoChangeClassifierFollowsEachStreamSeparately() {
        PrequentialEvaluator e = new PrequentialEvaluator(3, 10);
        e.add("a", 0, 0);
        e.add("b", 1, 1);
        e.add("a", 0, 0);   // previous of stream a is 0: the no-change classifier is right
        e.add("b", 2, 2);   // previous of stream b is 1: wrong
        assertEquals(0.25, e.snapshot().noChangeAccuracy(), 1e-12);
        assertEquals(1.0, e.snapshot().kappaT(), 1e-12);
    }

    @Test
    void missingPredictionsAreWrongAndOutOfRangeLabelsIgnored() {
        PrequentialEvaluator e = new PrequentialEvaluator(2, 3);
        e.add("s", 1, -1);
        e.add("s", 7, 1);
        Evaluation s = e.snapshot();
        assertEquals(1, s.instances());
        assertEquals(0, s.correct());
        assertArrayEquals(new long[] {0, 0, 1}, s.confusion()[1]);
    }

    @Test
    void latencyPercentilesAreNearestRank() {
        PrequentialEvaluator e = new PrequentialEvaluator(2, 5);
        long[] latenciesUs = {40_000, 10_000, 30_000, 20_000, -1};
        for (long l : latenciesUs) {
            e.add(new SegmentResult("s", 0, 1, 0, l >= 0 ? 0 : 1, true, 3, l));
        }
        Evaluation s = e.snapshot();
        assertEquals(20.0, s.latencyP50Ms(), 1e-12);    // rank ceil(0.5·4) = 2 of (10, 20, 30, 40) ms
        assertEquals(40.0, s.latencyP90Ms(), 1e-12);    // rank ceil(0.9·4) = 4
        assertEquals(1, s.neverCorrect());
        assertEquals(0.8, s.accuracy(), 1e-12);
    }

    @Test
    void theWindowSlides() {
        PrequentialEvaluator e = new PrequentialEvaluator(2, 3);
        int[] predicted = {0, 0, 0, 1, 1, 1};
        for (int p : predicted) {
            e.add("s", 0, p);
        }
        assertEquals(0.0, e.snapshot().windowAccuracy(), 1e-12);
        assertEquals(0.5, e.snapshot().accuracy(), 1e-12);
    }
}
