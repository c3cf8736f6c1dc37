package io.nacastream.learner.naca;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.energy.Ops;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event-mode rule and its operation counts, against values computed by hand. */
class NacaLearnerTest {

    private static final float ETA_H = 0.003f;
    private static final float ETA_O = 0.01f;

    static NacaConfig.Builder tinyConfig() {
        return NacaConfig.builder().sizes(2, List.of(2), 2).learningRates(ETA_H, ETA_O).seed(1);
    }

    private static NacaLearner tiny(LabelBook book, boolean count) {
        NacaLearner l = new NacaLearner(new NacaNetwork(tinyConfig().build()), book, 1_000_000_000L, count);
        NacaNetwork n = l.network();
        n.setWeight(0, 0, 0, 0.35f);
        n.setWeight(0, 0, 1, -0.2f);
        n.setWeight(1, 0, 0, 0.1f);
        n.setWeight(1, 0, 1, 0.2f);
        return l;
    }

    private static LabelBook learnClass(int c) {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", c, 0, 1_000_000, true));
        return book;
    }

    @Test
    void twoSpikesAreScoredFirstThenLearnedAndCountedExactlyAsComputedByHand() {
        NacaLearner l = tiny(learnClass(1), true);
        NacaNetwork n = l.network();
        float m0 = n.modulation(0).get(1, 0);
        Recorder r = new Recorder();

        // Scoring pass, learning off. Spike 1 (t = 1 ms): V = W1[0] = (0.35, -0.2), no spike.
        l.process(SpikeTrain.of("s", new int[] {0}, new long[] {1_000}), r);
        assertEquals(0.35f, l.potential("s", 0, 0), 1e-7);
        // spike 2 (t = 11 ms): V0 = 0.35·exp(-10/20) + 0.35 > 0.5: unit 0 fires, resets; output V = W2[0], no spike
        double d = Math.exp(-0.5);
        assertTrue(0.35 * d + 0.35 > 0.5);
        l.process(SpikeTrain.of("s", new int[] {0}, new long[] {11_000}), r);
        assertEquals(0f, l.potential("s", 0, 0), 0f);
        assertEquals(-0.2 * d - 0.2, l.potential("s", 0, 1), 1e-6);
        assertEquals(0.35f, n.weight(0, 0, 0), 0f, "nothing is learned before the segment's verdict");
        assertEquals(0.2f, n.weight(1, 0, 1), 0f);
        assertEquals(0, r.segments.size());

        // The verdict, then the replay learns the segment from its start: spike 1 gates unit 0 open (+1) and moves
        // W1[0][0] by -η_h·Mod; spike 2 integrates the moved column (0.35·d + w00 > 0.5), gates it again and fires;
        // the hidden spike's output update: r = 0, y = (0, 1): W2[0][1] += η_o, W2[0][0] unchanged.
        l.finish(r);
        assertEquals(1, r.segments.size());
        float w00 = 0.35f - ETA_H * m0;
        assertTrue(0.35 * d + w00 > 0.5);
        assertEquals(w00 - ETA_H * m0, n.weight(0, 0, 0), 1e-6);
        assertEquals(-0.2f, n.weight(0, 0, 1), 0f);
        assertEquals(0.1f, n.weight(1, 0, 0), 1e-7);
        assertEquals(0.2f + ETA_O, n.weight(1, 0, 1), 1e-7);

        // Hand counts (docs/learner.md, "Energy"; Ops(adds, macs, compares, exps, weight r/w, state r/w)).
        // Scoring, input->hidden1: spike 1 = decay check (2 cmp, 1 r, 1 w) + 2 x leak-and-integrate (mac, weight
        // read, state r + w) + 2 x threshold test (cmp, on the membrane just computed) + bookkeeping (3 cmp, 3 r,
        // 1 w); spike 2 (10 ms later, past the decay table) = decay factor (add, mac, exp, 2 cmp, r, w) + 2 leaks +
        // 2 tests + 1 spike (add, 5 w) + bookkeeping.
        OpCounts c = l.counts();
        assertEquals(2, c.events());
        LayerCounts l0 = c.layers().get(0);
        LayerCounts l1 = c.layers().get(1);
        assertEquals(new Ops(2, 5, 14, 1, 4, 0, 12, 13), l0.forward());
        // hidden1->output: decay check + 2 leaks + 2 x vote evidence (add, cmp, 2 r, w) + 2 threshold tests.
        assertEquals(new Ops(2, 2, 6, 0, 2, 0, 7, 5), l1.forward());
        // Learning, input->hidden1: copy of the 18-word state at the segment's start (r + w each), 2 spikes
        // recorded (2 w each) and read back (2 r each), the replay's forward work as above without bookkeeping,
        // plus per spike 2 x gate (2 add, 2 mac, 2 cmp, 2 r, 1 w) and 2 x update (mac, weight r + w, 2 r).
        assertEquals(new Ops(10, 17, 16, 1, 8, 4, 44, 37), l0.learning());
        // hidden1->output: decay check, 2 leaks, 2 vote evidence, 2 x output factor (add, mac, r, w), 2 gates,
        // 2 updates, 2 threshold tests.
        assertEquals(new Ops(8, 10, 10, 0, 4, 2, 17, 9), l1.learning());
        assertEquals(1, l0.spikes(), "spikes are counted once, in the scoring pass");
        assertEquals(0, l1.spikes());
        assertTrue(c.cpuNanos() >= 0);
    }

    @Test
    void shortGapsReadTheDecayFromTheTableWithTheSameValueAndCountATableRead() {
        NacaLearner l = tiny(new LabelBook(), true);
        l.network().setWeight(0, 0, 0, 0.2f);
        Recorder r = new Recorder();
        // 100 µs apart (0.2·d + 0.2 < 0.5: no spike): the decay factor is read from the table; it equals the factor computed (float) exp(-Δt/τ)
        l.process(SpikeTrain.of("s", new int[] {0, 0}, new long[] {1_000, 1_100}), r);
        float d = (float) Math.exp(-100 / 20_000.0);
        assertEquals(0.2f * d + 0.2f, l.potential("s", 0, 0), 0f);
        assertEquals(-0.2f * d - 0.2f, l.potential("s", 0, 1), 0f);
        // decay check (2 cmp, r, w) for the first spike; table read (add, 4 cmp, 2 r, w) for the second; per spike
        // 2 leaks (mac, weight read, r + w), 2 threshold tests (cmp) and the expiry check (3 cmp, 3 r, w)
        assertEquals(new Ops(1, 4, 16, 0, 4, 0, 13, 8), l.counts().layers().get(0).forward());
    }

    @Test
    void disabledCountersCountOnlyEventsAndDoNotChangeLearning() {
        NacaLearner on = tiny(learnClass(1), true);
        NacaLearner off = tiny(learnClass(1), false);
        SpikeTrain train = SpikeTrain.of("s", new int[] {0, 1, 0}, new long[] {1_000, 5_000, 11_000});
        on.process(train, new Recorder());
        off.process(train, new Recorder());
        on.finish(new Recorder());
        off.finish(new Recorder());
        OpCounts c = off.counts();
        assertEquals(3, c.events());
        assertEquals(Ops.NONE, c.total());
        assertEquals(0, c.cpuNanos());
        assertNotEquals(Ops.NONE, on.counts().learning());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(on.network().weights(0)[i], off.network().weights(0)[i], 0f);
        }
    }

    @Test
    void heldOutSegmentsAndUnlabelledTimeLearnNothing() {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 1, 0, 5_000, false));
        NacaLearner l = tiny(book, true);
        Recorder r = new Recorder();
        l.process(SpikeTrain.of("s", new int[] {0, 0, 0}, new long[] {1_000, 11_000, 30_000}), r);
        l.finish(r);
        assertEquals(0.35f, l.network().weight(0, 0, 0), 0f);
        assertEquals(0.2f, l.network().weight(1, 0, 1), 0f);
        assertEquals(Ops.NONE, l.counts().learning());
        assertEquals(1, r.segments.size());                     // the held-out segment was scored when t passed 5 ms
        SegmentResult s = r.segments.get(0);
        assertEquals(1, s.trueClass());
        assertFalse(s.learned());
    }

    @Test
    void theHiddenUpdateFollowsTheLabelsModulationOnly() {
        for (int label = 0; label < 2; label++) {
            NacaLearner l = tiny(learnClass(label), true);
            l.process(SpikeTrain.of("s", new int[] {0}, new long[] {1_000}), new Recorder());
            l.finish(new Recorder());
            assertEquals(0.35f - ETA_H * l.network().modulation(0).get(label, 0), l.network().weight(0, 0, 0), 1e-7);
        }
    }

    @Test
    void noErrorReachesTheHiddenLayer() {
        // Two learners that differ only in their output weights see the same stream: their output layers learn
        // differently, their hidden layers identically (the hidden signal depends on the label alone).
        NacaLearner a = tiny(learnClass(0), true);
        NacaLearner b = tiny(learnClass(0), true);
        b.network().setWeight(1, 0, 0, 0.45f);
        b.network().setWeight(1, 1, 1, -0.3f);
        int[] in = new int[200];
        long[] t = new long[200];
        for (int k = 0; k < 200; k++) {
            in[k] = k % 3 == 0 ? 1 : 0;
            t[k] = 1_000L * k;
        }
        SpikeTrain train = SpikeTrain.of("s", in, t);
        a.process(train, new Recorder());
        b.process(train, new Recorder());
        a.finish(new Recorder());
        b.finish(new Recorder());
        assertTrue(a.counts().layers().get(0).spikes() > 10);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(a.network().weights(0)[i], b.network().weights(0)[i], 0f);
        }
        assertNotEquals(a.network().weight(1, 0, 0), b.network().weight(1, 0, 0));
    }

    @Test
    void eachHiddenLayerLearnsWithItsOwnModulationTable() {
        NacaConfig config = NacaConfig.builder().sizes(1, List.of(1, 1), 2).learningRates(ETA_H, ETA_O).seed(3)
                .build();
        LabelBook book = learnClass(1);
        NacaLearner l = new NacaLearner(new NacaNetwork(config), book, 1_000_000_000L, true);
        NacaNetwork n = l.network();
        n.setWeight(0, 0, 0, 0.6f);    // input -> hidden1: fires on the first spike
        n.setWeight(1, 0, 0, 0.3f);    // hidden1 -> hidden2: depolarised, does not fire
        n.setWeight(2, 0, 0, 0.4f);
        n.setWeight(2, 0, 1, 0.4f);
        assertNotEquals(n.modulation(0).get(1, 0), n.modulation(1).get(1, 0));
        l.process(SpikeTrain.of("s", new int[] {0}, new long[] {1_000}), new Recorder());
        l.finish(new Recorder());
        assertEquals(0.6f - ETA_H * n.modulation(0).get(1, 0), n.weight(0, 0, 0), 1e-7);
        assertEquals(0.3f - ETA_H * n.modulation(1).get(1, 0), n.weight(1, 0, 0), 1e-7);
        assertEquals(0.4f, n.weight(2, 0, 0), 0f);      // hidden2 did not fire: the output saw nothing
        assertEquals(List.of("input->hidden1", "hidden1->hidden2", "hidden2->output"),
                l.counts().layers().stream().map(LayerCounts::layer).toList());
        assertEquals(1, l.counts().layers().get(0).spikes());
        assertEquals(0, l.counts().layers().get(1).spikes());
    }

    @Test
    void predictionsAreEmittedPerIntervalOfStreamTime() {
        NacaConfig c = NacaConfig.builder().sizes(4, List.of(8), 3).build();
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

    @Test
    void resettingAStreamScoresItsOpenSegmentAndStartsItsNeuronsFromRest() {
        NacaLearner l = tiny(learnClass(1), false);
        Recorder r = new Recorder();
        l.process(SpikeTrain.of("s", new int[] {0}, new long[] {1_000}), r);
        assertEquals(0.35f, l.potential("s", 0, 0), 1e-7);
        assertEquals(0, r.segments.size());
        assertEquals(0.35f, l.network().weight(0, 0, 0), 0f);

        l.resetStream("s", r);
        assertEquals(1, r.segments.size(), "the open segment is scored as if the stream had ended");
        float learned = l.network().weight(0, 0, 0);
        assertEquals(0.35f - ETA_H * l.network().modulation(0).get(1, 0), learned, 1e-7, "then learned");
        assertEquals(0f, l.potential("s", 0, 0), 0f);
        assertEquals(learned, l.network().weight(0, 0, 0), 0f, "weights are kept");
        l.process(SpikeTrain.of("s", new int[] {0}, new long[] {500}), r);   // earlier time: accepted after a reset
        assertEquals(learned, l.potential("s", 0, 0), 1e-7, "from rest: only the new spike's column");
        l.resetStream("unknown", r);   // nothing to do
        assertEquals(1, r.segments.size());
    }
}
