package io.nacastream.learner.counts;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.SegmentResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PooledCountLearnerTest {

    /** 200 ms of class c: inputs 4c..4c+3 spike every 2 ms in turn. */
    private static SpikeTrain segment(int c, long t) {
        int[] in = new int[100];
        long[] ts = new long[100];
        for (int k = 0; k < 100; k++) {
            in[k] = 4 * c + k % 4;
            ts[k] = t + 2_000L * k;
        }
        return SpikeTrain.of("s", in, ts);
    }

    /** Class c lights inputs 4c..4c+3; 200 ms segments alternating between two classes; 10 learned, 4 held out. */
    @Test
    void learnsPooledCountsOnlyAfterEachVerdictAndScoresHeldOutSegments() {
        LabelBook book = new LabelBook();
        PooledCountLearner l = new PooledCountLearner(8, 2, 1f, book, 50_000, true);
        Recorder r = new Recorder();
        long t = 0;
        for (int seg = 0; seg < 14; seg++) {
            int c = seg % 2;
            book.add(new LabelSegment("s", c, t, t + 200_000, seg < 10));
            l.process(segment(c, t), r);
            if (seg == 0) {
                assertEquals(0f, l.weight(0, 0), 0f, "the first segment is not learned before its verdict");
            }
            t += 200_000;
        }
        l.finish(r);
        List<SegmentResult> verdicts = r.segments;
        assertEquals(14, verdicts.size());
        assertEquals(0, verdicts.get(0).predicted(), "scored by the untrained model: a tie, the first class");
        assertTrue(verdicts.subList(10, 14).stream().allMatch(SegmentResult::correct), verdicts.toString());
        assertTrue(l.weight(0, 0) > 0 && l.weight(0, 1) < 0, "input 0 belongs to class 0");
        assertEquals(0f, l.weight(0, 0) + l.weight(0, 1), 1e-5f, "softmax steps sum to zero over the classes");
        assertTrue(l.counts().learning().macs() > 0);
    }

    /** The ridge solver on the same stream: order-free least squares, so held-out segments of both classes pass. */
    @Test
    void ridgeSolverLearnsAfterEachVerdictAndScoresHeldOutSegments() {
        LabelBook book = new LabelBook();
        PooledCountLearner l = PooledCountLearner.ridge(8, 2, 1.0, book, 50_000, true);
        Recorder r = new Recorder();
        long t = 0;
        for (int seg = 0; seg < 14; seg++) {
            int c = seg < 5 ? 0 : seg < 10 ? 1 : seg % 2;   // class 0 first, then class 1: no recency bias
            book.add(new LabelSegment("s", c, t, t + 200_000, seg < 10));
            l.process(segment(c, t), r);
            t += 200_000;
        }
        l.finish(r);
        assertEquals("ridge", l.algorithm());
        assertEquals(-1, r.segments.get(0).predicted(), "the untrained readout has no evidence");
        assertTrue(r.segments.subList(10, 14).stream().allMatch(SegmentResult::correct), r.segments.toString());
        assertTrue(l.weight(0, 0) > 0 && l.weight(0, 1) == 0f, "input 0 belongs to class 0 only");
        assertTrue(l.counts().learning().macs() > 0);
    }
}
