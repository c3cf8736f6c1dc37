package io.nacastream.learner.eval;

import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A report saved mid-run and restored goes on exactly as the one that was never saved. */
class PrequentialReportStateTest {

    private static final int CLASSES = 5;

    private static void feed(PrequentialReport r, Random rnd, int n) {
        for (int i = 0; i < n; i++) {
            String stream = "cam-" + rnd.nextInt(3);
            int truth = rnd.nextInt(CLASSES);
            int predicted = rnd.nextInt(CLASSES + 1) - 1;
            if (rnd.nextBoolean()) {
                r.onSegment(new SegmentResult(stream, i * 10L, i * 10L + 9, truth, predicted, rnd.nextBoolean(), 3,
                        rnd.nextBoolean() ? rnd.nextInt(5000) : -1));
            } else {
                r.onPrediction(new Prediction(stream, i * 10L, predicted, new float[CLASSES], truth));
            }
        }
    }

    private static void assertSame(Evaluation a, Evaluation b) {
        assertEquals(a.instances(), b.instances());
        assertEquals(a.correct(), b.correct());
        assertEquals(a.windowAccuracy(), b.windowAccuracy());
        assertEquals(a.kappa(), b.kappa());
        assertEquals(a.kappaT(), b.kappaT());
        assertEquals(a.latencyP50Ms(), b.latencyP50Ms());
        assertEquals(a.latencyP90Ms(), b.latencyP90Ms());
        assertEquals(a.neverCorrect(), b.neverCorrect());
        for (int i = 0; i < CLASSES; i++) {
            assertArrayEquals(a.confusion()[i], b.confusion()[i]);
        }
    }

    @Test
    void restoredMidRunItGoesOnAsTheUninterruptedOne() {
        PrequentialReport uninterrupted = new PrequentialReport(CLASSES);
        feed(uninterrupted, new Random(7), 700);
        byte[] saved = uninterrupted.toBytes();
        PrequentialReport restored = new PrequentialReport(CLASSES);
        restored.restore(saved);
        feed(uninterrupted, new Random(8), 400);
        feed(restored, new Random(8), 400);
        assertSame(uninterrupted.learned(), restored.learned());
        assertSame(uninterrupted.heldOut(), restored.heldOut());
        assertSame(uninterrupted.predictions(), restored.predictions());
        PrequentialReport fresh = new PrequentialReport(CLASSES);
        feed(fresh, new Random(8), 400);
        assertNotEquals(uninterrupted.learned().instances(), fresh.learned().instances(), "the test can fail");
    }

    @Test
    void anotherShapeOrCutShortIsRefused() {
        PrequentialReport r = new PrequentialReport(CLASSES);
        feed(r, new Random(1), 50);
        byte[] saved = r.toBytes();
        assertThrows(IllegalArgumentException.class, () -> new PrequentialReport(CLASSES + 1).restore(saved));
        assertThrows(IllegalArgumentException.class,
                () -> new PrequentialReport(CLASSES).restore(java.util.Arrays.copyOf(saved, saved.length - 3)));
    }
}
