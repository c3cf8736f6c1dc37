package io.nacastream.learner.naca;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.energy.OpCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RIDGE readout inside the learner: strict test-then-train, no output layer, no replay when η_h = 0. */
class RidgeReadoutLearnerTest {

    private static final int INPUTS = 16;

    private static NacaConfig config(NacaConfig.Mode mode, float etaHidden) {
        return NacaConfig.builder().sizes(INPUTS, List.of(32), 2).mode(mode).learningRates(etaHidden, 0.003f)
                .neuron(0.2f, 0.2f).readout(NacaConfig.Readout.RIDGE, 0.1).seed(5).build();
    }

    /** 200 ms of class c: inputs 8c..8c+7 spike every 2 ms in turn; the train ends before its segment does. */
    private static SpikeTrain segment(int c, long t0) {
        return burst(c, t0, t0 + 199_000);
    }

    /** Runs 10 learned then 4 held-out alternating segments; returns the verdicts. */
    private static List<SegmentResult> run(NacaLearner l, LabelBook book, Recorder r, long start) {
        long t = start;
        for (int seg = 0; seg < 14; seg++) {
            int c = seg % 2;
            book.add(new LabelSegment("s", c, t, t + 200_000, seg < 10));
            l.process(segment(c, t), r);
            if (seg == 0) {
                assertTrue(allZero(l.network().readout().weights()), "nothing is learned before the verdict");
            }
            t += 300_000;
        }
        l.finish(r);
        return r.segments;
    }

    @ParameterizedTest
    @EnumSource(NacaConfig.Mode.class)
    void decidesSegmentsFromPooledHiddenCountsLearnedOnlyAfterEachVerdict(NacaConfig.Mode mode) {
        LabelBook book = new LabelBook();
        NacaLearner l = new NacaLearner(new NacaNetwork(config(mode, 0f)), book, 50_000, true);
        Recorder r = new Recorder();
        List<SegmentResult> verdicts = run(l, book, r, 0);
        assertEquals(14, verdicts.size());
        assertEquals(-1, verdicts.get(0).predicted(), "the untrained readout has no evidence");
        assertTrue(verdicts.subList(10, 14).stream().allMatch(SegmentResult::correct), verdicts.toString());
        OpCounts c = l.counts();
        assertEquals(0, c.layers().get(1).spikes(), "the output layer is not run");
        assertTrue(c.layers().get(0).spikes() > 0, "the hidden layer fires");
        assertEquals(0, c.layers().get(0).learning().adds() + c.layers().get(0).learning().macs()
                + c.layers().get(0).learning().stateReads(), "η_h = 0: no replay, no hidden learning work");
        assertTrue(c.layers().get(1).learning().macs() > 0, "the readout's least squares steps");
        assertTrue(r.predictions.stream().anyMatch(p -> p.predicted() >= 0), "predictions come from the readout");
    }

    @Test
    void heldOutSegmentsAreNotLearned() {
        LabelBook book = new LabelBook();
        NacaLearner l = new NacaLearner(new NacaNetwork(config(NacaConfig.Mode.EVENT, 0f)), book, 50_000, true);
        Recorder r = new Recorder();
        long t = 0;
        for (int seg = 0; seg < 4; seg++) {
            book.add(new LabelSegment("s", seg % 2, t, t + 200_000, true));
            l.process(segment(seg % 2, t), r);
            t += 300_000;
        }
        l.process(SpikeTrain.of("s", new int[] {0}, new long[] {t}, t), r);   // closes the fourth segment
        float[][] before = copy(l.network().readout().weights());
        book.add(new LabelSegment("s", 0, t + 1, t + 200_001, false));
        l.process(segment(0, t + 1), r);
        l.finish(r);
        assertEquals(5, r.segments.size());
        float[][] after = l.network().readout().weights();
        for (int j = 0; j < before.length; j++) {
            assertArrayEquals(before[j], after[j], 0f, "a held-out segment teaches the readout nothing");
        }
    }

    @Test
    void theReadoutIsSavedAndRestoredByCheckpoints() {
        LabelBook book = new LabelBook();
        NacaLearner l = new NacaLearner(new NacaNetwork(config(NacaConfig.Mode.EVENT, 0.001f)), book, 50_000,
                true);
        run(l, book, new Recorder(), 0);
        NacaNetwork restored = Checkpoint.decode(Checkpoint.encode(l.network(), l.counts())).network();
        assertEquals(l.network().config(), restored.config());
        for (int j = 0; j < 32; j++) {
            assertArrayEquals(l.network().readout().weights()[j], restored.readout().weights()[j], 0f);
            assertArrayEquals(l.network().readout().inverse()[j], restored.readout().inverse()[j], 0.0);
        }
        NacaNetwork spikes = new NacaNetwork(config(NacaConfig.Mode.EVENT, 0f).toBuilder()
                .readout(NacaConfig.Readout.SPIKES, 0.1).build());
        assertNull(Checkpoint.decode(Checkpoint.encode(spikes, l.counts())).network().readout());
    }

    /** Inputs 8c..8c+7 spiking every 2 ms from {@code from} to {@code to}; the train ends at {@code to}. */
    private static SpikeTrain burst(int c, long from, long to) {
        int n = (int) ((to - from) / 2_000);
        int[] in = new int[n];
        long[] ts = new long[n];
        for (int k = 0; k < n; k++) {
            in[k] = 8 * c + k % 8;
            ts[k] = from + 2_000L * k;
        }
        return SpikeTrain.of("s", in, ts, to);
    }

    /** A restart in the middle of a learnable segment loses none of its pooled counts. */
    @Test
    void aCheckpointTakenMidSegmentKeepsItsPooledCountsSoTheRestoredModelLearnsTheWholeSegment() {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 1, 0, 600_000, true));
        NacaLearner original = new NacaLearner(new NacaNetwork(config(NacaConfig.Mode.EVENT, 0f)), book, 50_000,
                true);
        Recorder r1 = new Recorder();
        original.process(burst(1, 0, 100_000), r1);
        Checkpoint.Model saved = Checkpoint.decode(Checkpoint.encode(original.network(), original.counts(), null,
                original.pending()));
        assertEquals(1, saved.pending().size());
        assertEquals(32, saved.pending().get(0).pooled().length, "the pooled counts are saved");
        assertTrue(saved.pending().get(0).inputs().length == 0, "η_h = 0: no spikes are recorded to replay");
        NacaLearner restored = new NacaLearner(saved.network(), book, 50_000, true);
        saved.pending().forEach(restored::restorePending);
        Recorder r2 = new Recorder();
        for (NacaLearner l : List.of(original, restored)) {
            l.process(burst(0, 400_000, 500_000), l == original ? r1 : r2);   // other inputs: counts change direction
            l.finish(l == original ? r1 : r2);
        }
        assertEquals(1, r1.segments.size());
        assertEquals(1, r2.segments.size());
        for (int j = 0; j < 32; j++) {
            assertArrayEquals(original.network().readout().weights()[j], restored.network().readout().weights()[j],
                    1e-6f, "unit " + j + ": both learned the same counts");
        }
        assertTrue(!allZero(original.network().readout().weights()), "the segment was learned");
    }

    /** A segment restored from a checkpoint that ended while the model was away is still learned. */
    @Test
    void aRestoredSegmentThatEndedWhileTheModelWasAwayIsLearnedFromItsSavedCounts() {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 1, 0, 300_000, true));
        NacaLearner original = new NacaLearner(new NacaNetwork(config(NacaConfig.Mode.EVENT, 0f)), book, 50_000,
                true);
        original.process(burst(1, 0, 100_000), new Recorder());
        Checkpoint.Model saved = Checkpoint.decode(Checkpoint.encode(original.network(), original.counts(), null,
                original.pending()));
        NacaLearner restored = new NacaLearner(saved.network(), book, 50_000, true);
        saved.pending().forEach(restored::restorePending);
        restored.process(burst(0, 500_000, 520_000), new Recorder());   // unlabelled time, past the segment
        assertTrue(!allZero(restored.network().readout().weights()), "the restored counts were learned");
        assertTrue(restored.pending().isEmpty(), "nothing is left pending");
    }

    private static boolean allZero(float[][] m) {
        for (float[] row : m) {
            for (float v : row) {
                if (v != 0f) {
                    return false;
                }
            }
        }
        return true;
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
