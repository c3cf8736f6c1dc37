package io.nacastream.learner.bp;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.Ops;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    void learnsSeparableClassesOnlineAndScoresHeldOutSegmentsCorrectly() {
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

        assertEquals(14 * 200, bp.counts().events());
    }

    @Test
    void framesAreScoredThenLearnedSparselyAndCountedExactlyAsComputedByHand() {
        // 3 inputs, 2 hidden ReLU units, 2 classes, 10 ms binary frames, SGD 0.1. All first-layer weights positive:
        // both hidden units stay active in both frames.
        BackpropConfig config = new BackpropConfig(3, List.of(2), 2, 10_000, 0.1f, 0f, 3);
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 1, 0, 1_000_000, true));
        BackpropLearner bp = new BackpropLearner(config, book, 1_000_000_000L);
        for (int i = 0; i < 3; i++) {
            bp.setWeight(0, i, 0, 0.5f);
            bp.setWeight(0, i, 1, 0.4f);
        }
        float[][] before = bp.weights(0);
        Recorder r = new Recorder();
        // frame [0, 10 ms): inputs 0 and 2; frame [10, 20 ms): input 0 (the stream ends at 15 ms)
        bp.process(SpikeTrain.of("s", new int[] {0, 2, 0}, new long[] {1_000, 2_000, 15_000}), r);
        assertArrayEquals(before[0], bp.weights(0)[0], 0f, "nothing is learned before the verdict");
        bp.finish(r);
        assertEquals(1, r.segments.size());
        assertArrayEquals(before[1], bp.weights(0)[1], 0f, "input 1 never spiked: its row has no gradient");
        assertTrue(bp.weights(0)[0][0] != before[0][0], "input 0's row learned");

        // Hand counts (docs/learner.md, "Energy"; Ops(adds, macs, compares, exps, weight r/w, state r/w)).
        // Scoring, input->hidden1: 3 spikes checked (cmp, r) and marked (add, 2 w), bookkeeping 3 x (3 cmp, 3 r, w);
        // frame 1: 2 inputs added to the trace (add, cmp, 2 r, 3 w), 2 biases (weight r, w), 2 binary rows of 2
        // (add, weight r, r, w), 2 ReLUs (cmp, r, 2 w); frame 2: 2 old inputs cleared (mac, cmp, 2 r, 2 w), 1 input
        // added, 2 biases, 1 row of 2, 2 ReLUs.
        LayerCounts l0 = bp.counts().layers().get(0);
        LayerCounts l1 = bp.counts().layers().get(1);
        assertEquals(new Ops(12, 2, 21, 0, 10, 0, 32, 40), l0.forward());
        // hidden1->output, per frame: 2 biases, 2 active rows of 2 (mac, weight r, r, w), softmax of 2 (cmp, 2 add,
        // 2 exp, 3 r, 2 w), the vote (add, 2 r, w).
        assertEquals(new Ops(12, 8, 4, 8, 12, 0, 28, 24), l1.forward());
        // Learning, input->hidden1: the replay's forward work as above without bookkeeping, the 6-word input state
        // copy (r + w), 3 spikes recorded (2 w) and read (2 r), and per frame the SGD factor (2 x: mac, r, w) and
        // binary steps (add, weight r + w, r): frame 1 on 2 input rows of 2 plus 2 biases (6), frame 2 on 1 row plus
        // 2 biases (4).
        assertEquals(new Ops(22, 6, 12, 0, 20, 10, 49, 53), l0.learning());
        // hidden1->output, per frame: forward (no vote), output error (2 x: add, r, w), error to 2 active units
        // (4 x: mac, weight r, r), SGD factor, 4 weighted steps (mac, weight r + w, 2 r) and 2 bias steps.
        assertEquals(new Ops(16, 28, 4, 8, 32, 12, 56, 28), l1.learning());
        assertEquals(3, bp.counts().events());
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
