package io.nacastream.learner;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.eval.SegmentResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NacaLearnerTest {

    private static final float ETA_H = 0.003f;
    private static final float ETA_O = 0.01f;

    private static NacaLearner tiny(LabelBook book) {
        NacaConfig c = new NacaConfig(2, 2, 2, 0.5f, 0.5f, 20_000, 20_000, 20_000, 100_000, 100.0,
                ETA_H, ETA_O, 0.5, 1.2, 1);
        NacaLearner l = new NacaLearner(c, book, 1_000_000_000L);
        l.setHiddenWeight(0, 0, 0.35f);
        l.setHiddenWeight(0, 1, -0.2f);
        l.setOutputWeight(0, 0, 0.1f);
        l.setOutputWeight(0, 1, 0.2f);
        return l;
    }

    private static final class Recorder implements LearnerListener {
        final List<Prediction> predictions = new ArrayList<>();
        final List<SegmentResult> segments = new ArrayList<>();

        @Override
        public void onPrediction(Prediction p) {
            predictions.add(p);
        }

        @Override
        public void onSegment(SegmentResult r) {
            segments.add(r);
        }
    }

    @Test
    void twoSpikesUpdateWeightsExactlyAsComputedByHand() {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 1, 0, 1_000_000, true));
        NacaLearner l = tiny(book);
        float m0 = l.modulation().get(1, 0);
        Recorder r = new Recorder();

        // spike 1 (t = 1 ms): V = W1[0] = (0.35, -0.2). Δs0 = [0.35 > 0] - 0 = +1, Δs1 = 0. No spike.
        l.process(SpikeTrain.of("s", new int[] {0}, new long[] {1_000}), r);
        float w00 = 0.35f - ETA_H * m0;
        assertEquals(w00, l.hiddenWeight(0, 0), 1e-7);
        assertEquals(-0.2f, l.hiddenWeight(0, 1), 1e-7);
        assertEquals(0.35f, l.hiddenPotential("s", 0), 1e-7);

        // spike 2 (t = 11 ms): decay exp(-10/20) then add the updated column.
        double d = Math.exp(-0.5);
        double v0 = 0.35 * d + w00;           // > 0.5: unit 0 fires; Δs0 = +1 (pre-reset V, no earlier spike)
        double v1 = -0.2 * d - 0.2;           // <= 0 and never fired: Δs1 = 0
        assertTrue(v0 > 0.5);
        l.process(SpikeTrain.of("s", new int[] {0}, new long[] {11_000}), r);
        assertEquals(w00 - ETA_H * m0, l.hiddenWeight(0, 0), 1e-6);
        assertEquals(0f, l.hiddenPotential("s", 0), 0f);                 // reset after the spike
        assertEquals(v1, l.hiddenPotential("s", 1), 1e-6);
        // hidden spike of unit 0: U = W2[0] = (0.1, 0.2), both > thr - lens, r = 0, y = (0, 1):
        // W2[0][0] -= η_o (0 - 0) = unchanged, W2[0][1] -= η_o (0 - 1) => + η_o
        assertEquals(0.1f, l.outputWeight(0, 0), 1e-7);
        assertEquals(0.2f + ETA_O, l.outputWeight(0, 1), 1e-7);

        OpCounts c = l.counts();
        assertEquals(new OpCounts(2, 2 * 2 + 2, 2 * 2 + 2, 1 + 1 + 2, 1, 0), c);
    }

    @Test
    void heldOutSegmentsAndUnlabelledTimeLearnNothing() {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 1, 0, 5_000, false));
        NacaLearner l = tiny(book);
        Recorder r = new Recorder();
        l.process(SpikeTrain.of("s", new int[] {0, 0, 0}, new long[] {1_000, 11_000, 30_000}), r);
        assertEquals(0.35f, l.hiddenWeight(0, 0), 0f);
        assertEquals(0.2f, l.outputWeight(0, 1), 0f);
        assertEquals(0, l.counts().learningSynOps());
        assertEquals(1, r.segments.size());                     // the held-out segment was scored when t passed 5 ms
        SegmentResult s = r.segments.get(0);
        assertEquals(1, s.trueClass());
        assertTrue(!s.learned());
    }

    @Test
    void theHiddenUpdateFollowsTheLabelsModulation() {
        for (int label = 0; label < 2; label++) {
            LabelBook book = new LabelBook();
            book.add(new LabelSegment("s", label, 0, 1_000_000, true));
            NacaLearner l = tiny(book);
            l.process(SpikeTrain.of("s", new int[] {0}, new long[] {1_000}), new Recorder());
            assertEquals(0.35f - ETA_H * l.modulation().get(label, 0), l.hiddenWeight(0, 0), 1e-7);
        }
    }

    @Test
    void predictionsAreEmittedPerIntervalOfStreamTime() {
        NacaConfig c = NacaConfig.defaults().withSizes(4, 8, 3);
        NacaLearner l = new NacaLearner(c, new LabelBook(), 100_000);
        Recorder r = new Recorder();
        long[] t = new long[50];
        int[] in = new int[50];
        for (int k = 0; k < 50; k++) {
            t[k] = k * 10_000L;
            in[k] = k % 4;
        }
        l.process(SpikeTrain.of("s", in, t), r);
        assertEquals(4, r.predictions.size());               // at 100, 200, 300, 400 ms after the first spike
        assertEquals(100_000, r.predictions.get(0).timestampUs());
        assertEquals(-1, r.predictions.get(0).label());
        assertEquals(3, r.predictions.get(0).scores().length);
    }
}
