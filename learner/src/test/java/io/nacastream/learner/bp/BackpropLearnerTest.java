package io.nacastream.learner.bp;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.eval.SegmentResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackpropLearnerTest {

    /** Class c lights inputs 4c..4c+3; one segment of 200 ms per class, alternating, 10 learned then 4 held out. */
    private static void stream(LabelBook book, List<SpikeTrain> trains) {
        long t = 0;
        for (int seg = 0; seg < 14; seg++) {
            int c = seg % 2;
            book.add(new LabelSegment("s", c, t, t + 200_000, seg < 10));
            int[] in = new int[200];
            long[] ts = new long[200];
            for (int k = 0; k < 200; k++) {
                in[k] = 4 * c + k % 4;
                ts[k] = t + 1_000L * k;
            }
            trains.add(SpikeTrain.of("s", in, ts));
            t += 200_000;
        }
    }

    private static final BackpropConfig CONFIG = new BackpropConfig(8, List.of(6), 2, 20_000, 0.1f, 0f, 3);

    @Test
    void learnsSeparableClassesOnlineAndCountsDenseOperations() {
        BackpropConfig config = CONFIG;
        LabelBook book = new LabelBook();
        List<SpikeTrain> trains = new ArrayList<>();
        stream(book, trains);
        BackpropLearner bp = new BackpropLearner(config, book, 100_000);
        Recorder r = new Recorder();
        for (SpikeTrain train : trains) {
            bp.process(train, r);
        }
        bp.finish(r);
        assertEquals(14, r.segments.size());
        List<SegmentResult> heldOut = r.segments.stream().filter(s -> !s.learned()).toList();
        assertEquals(4, heldOut.size());
        assertTrue(heldOut.stream().allMatch(SegmentResult::correct), heldOut.toString());

        // 14 segments x 10 frames of 20 ms = 140 frames, 100 of them under a learnable label.
        // Layer 0 (8x6 = 48 weights): forward 48 MACs per frame; learning 2 x 48 MACs (gradient, step), 48 reads.
        // Layer 1 (6x2 = 12): forward 12; learning 3 x 12 MACs (gradient, error to layer 0, step), 2 x 12 reads.
        LayerCounts l0 = bp.counts().layers().get(0);
        LayerCounts l1 = bp.counts().layers().get(1);
        assertEquals(new LayerCounts("input->hidden1", 0, 140 * 48, 140 * 48, 0, 100 * 96, 100 * 48, 100 * 48, 0),
                l0);
        assertEquals(new LayerCounts("hidden1->output", 0, 140 * 12, 140 * 12, 0, 100 * 36, 100 * 24, 100 * 12, 0),
                l1);
        assertEquals(14 * 200, bp.counts().events());
    }

    @Test
    void ewcPullsWeightsTowardsTheConsolidatedOnes() {
        LabelBook book = new LabelBook();
        List<SpikeTrain> trains = new ArrayList<>();
        stream(book, trains);
        BackpropLearner plain = new BackpropLearner(CONFIG, book, 100_000);
        BackpropLearner ewc = new BackpropLearner(CONFIG.withEwc(1e4f), book, 100_000);
        for (int i = 0; i < 4; i++) {
            plain.process(trains.get(i), new Recorder());
            ewc.process(trains.get(i), new Recorder());
        }
        ewc.consolidate();
        float[][] anchor = ewc.weights(1);
        for (int i = 4; i < 10; i++) {
            plain.process(trains.get(i), new Recorder());
            ewc.process(trains.get(i), new Recorder());
        }
        assertEquals("bp+ewc", ewc.algorithm());
        assertTrue(drift(ewc.weights(1), anchor) < drift(plain.weights(1), anchor),
                "EWC drifted " + drift(ewc.weights(1), anchor) + ", plain SGD " + drift(plain.weights(1), anchor));
    }

    private static double drift(float[][] a, float[][] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                d += Math.abs(a[i][j] - b[i][j]);
            }
        }
        return d;
    }
}
