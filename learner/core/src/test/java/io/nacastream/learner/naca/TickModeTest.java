package io.nacastream.learner.naca;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.Ops;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Tick mode: the reference's discrete update, checked step by step against values computed by hand. */
class TickModeTest {

    private static final float ETA_H = 0.003f;
    private static final float ETA_O = 0.01f;

    private static NacaLearner tiny(LabelBook book) {
        NacaConfig c = NacaLearnerTest.tinyConfig().mode(NacaConfig.Mode.TICK).tickUs(10_000).build();
        NacaLearner l = new NacaLearner(new NacaNetwork(c), book, 1_000_000_000L, true);
        NacaNetwork n = l.network();
        n.setWeight(0, 0, 0, 0.35f);
        n.setWeight(0, 0, 1, -0.2f);
        n.setWeight(0, 1, 0, 0.3f);
        n.setWeight(0, 1, 1, 0.1f);
        n.setWeight(1, 0, 0, 0.6f);
        n.setWeight(1, 0, 1, 0.2f);
        n.setWeight(1, 1, 0, 0.1f);
        n.setWeight(1, 1, 1, 0.1f);
        return l;
    }

    @Test
    void twoTicksAreScoredThenLearnedByTheDiscreteUpdateAndCountedByHand() {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 1, 0, 1_000_000, true));
        NacaLearner l = tiny(book);
        NacaNetwork n = l.network();
        float eta0 = ETA_H * n.modulation(0).get(1, 0);
        Recorder r = new Recorder();
        // Scoring pass, learning off. Tick [0, 10 ms): inputs 0, 0 (one spike per tick), 1; the spike at 15 ms
        // closes it: hidden V = acc = (0.65, -0.1), unit 0 fires; output V = W2[0] = (0.6, 0.2), unit 0 fires.
        l.process(SpikeTrain.of("s", new int[] {0, 0, 1, 0}, new long[] {1_000, 2_000, 3_000, 15_000}), r);
        assertEquals(0.65f, l.potential("s", 0, 0), 1e-6);
        assertEquals(0.6f, l.potential("s", 1, 0), 1e-6);
        assertEquals(0.35f, n.weight(0, 0, 0), 0f, "nothing is learned before the verdict");

        l.finish(r);
        // tick [10, 20 ms) of the scoring pass, with the weights as they were: V = 0.2·V·(1 - s) + acc
        assertEquals(0.35f, l.potential("s", 0, 0), 1e-6);
        assertEquals(-0.22f, l.potential("s", 0, 1), 1e-6);
        assertEquals(0f, l.potential("s", 1, 0), 1e-7);           // 0.2·0.6·(1 - 1)
        assertEquals(0.04f, l.potential("s", 1, 1), 1e-7);        // 0.2·0.2·(1 - 0)
        assertEquals(1, r.segments.size());
        SegmentResult seg = r.segments.get(0);
        assertEquals(0, seg.predicted());                         // the output unit 0 fired once
        assertEquals(1, seg.votes());

        // Then the replay learns. Tick 1: Δs = ([V > 0] - 0) = (1, 0): columns 0 and 1 lose η·Mod[1][0]; output
        // r = α·s = (0.1, 0) with α = 10/100, Δs = (1, 1), y = (0, 1): W2[0] -= η_o·(r - y). Tick 2: Δs = (1 - 1,
        // 0 - 0) = 0, nothing learned.
        assertEquals(0.35f - eta0, n.weight(0, 0, 0), 1e-7);
        assertEquals(0.3f - eta0, n.weight(0, 1, 0), 1e-7);
        assertEquals(-0.2f, n.weight(0, 0, 1), 0f);
        assertEquals(0.6f - 0.1f * ETA_O, n.weight(1, 0, 0), 1e-7);
        assertEquals(0.2f + ETA_O, n.weight(1, 0, 1), 1e-7);

        // Hand counts (docs/learner.md, "Energy"; Ops(adds, macs, compares, exps, weight r/w, state r/w)).
        // Scoring, input->hidden1: 4 once-per-tick checks (cmp, r); 3 inputs marked active (add, 2 w) and their
        // columns accumulated (2 x: add, weight r, state r + w); 2 ticks of 2 membranes (add, 2 mac, 3 r, w), 2 scans
        // (cmp, r), 2 clears (2 w), active flags cleared (3 x: add, 2 w); bookkeeping 4 x (3 cmp, 3 r, w).
        LayerCounts l0 = l.counts().layers().get(0);
        LayerCounts l1 = l.counts().layers().get(1);
        assertEquals(new Ops(16, 8, 20, 0, 6, 0, 38, 34), l0.forward());
        // hidden1->output: one hidden spike marked and accumulated, 2 ticks x (membranes, rate (cmp, mac, add, 2 r,
        // w), scan, clear, vote evidence (add, cmp, 2 r, w)), tick 1's flag cleared and its output spike voted (2 add,
        // 2 r, 2 w).
        assertEquals(new Ops(18, 12, 12, 0, 2, 0, 36, 28), l1.forward());
        // Learning: the replay's forward work as above without bookkeeping (ticks closed at the same points), the
        // 16-word state copy (r + w), 4 spikes recorded (2 w) and read (2 r); input->hidden1 adds 2 gates (2 add,
        // 2 mac, 2 cmp, 2 r, w) per tick and updates 2 + 1 columns of 2 weights (mac, weight r + w, 2 r).
        assertEquals(new Ops(24, 22, 16, 0, 12, 6, 70, 58), l0.learning());
        // hidden1->output: tick 1's output factor (2 x: add, mac, r, w), 2 gates and 1 column of 2 weights.
        assertEquals(new Ops(24, 20, 16, 0, 4, 2, 46, 32), l1.learning());
        assertEquals(1, l0.spikes());
        assertEquals(1, l1.spikes());
        assertEquals(4, l.counts().events());
    }

    @Test
    void emptyTicksAreSkippedInClosedForm() {
        NacaLearner l = tiny(new LabelBook());
        // tick [0, 10 ms) gets input 0; the next spike is at 35 ms: ticks [10, 20) and [20, 30) are empty
        l.process(SpikeTrain.of("s", new int[] {0, 1}, new long[] {1_000, 35_000}), new Recorder());
        // V after tick 1 = (0.35, -0.2), no spike; two empty ticks: V = 0.2^2 · V
        assertEquals(0.04f * 0.35f, l.potential("s", 0, 0), 1e-7);
        assertEquals(0.04f * -0.2f, l.potential("s", 0, 1), 1e-7);
        assertEquals(Ops.NONE, l.counts().learning());
    }

    @Test
    void theSameSpikesInOneTrainOrInTwoGiveTheSameStateWeightsAndCounts() {
        // The first packet ends exactly where its tick ends (10 ms), so its tick is closed at the packet's end; the
        // next spike, 25 ms later, must still decay the membranes over the empty ticks in between.
        int[] in = {0, 1, 0, 1, 1};
        long[] t = {1_000, 4_000, 35_000, 36_000, 61_000};
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 1, 0, 1_000_000, true));
        NacaLearner one = tiny(book);
        NacaLearner two = tiny(book);
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        one.process(SpikeTrain.of("s", in, t), r1);
        two.process(SpikeTrain.of("s", new int[] {0, 1}, new long[] {1_000, 4_000}, 10_000), r2);
        assertEquals(0.65f, two.potential("s", 0, 0), 1e-6, "the packet's end closed the tick");
        two.process(SpikeTrain.of("s", new int[] {0, 1, 1}, new long[] {35_000, 36_000, 61_000}), r2);
        for (int layer = 0; layer < 2; layer++) {
            for (int unit = 0; unit < 2; unit++) {
                assertEquals(one.potential("s", layer, unit), two.potential("s", layer, unit), 0f,
                        "layer " + layer + " unit " + unit);
            }
        }
        one.finish(r1);
        two.finish(r2);
        for (int layer = 0; layer < 2; layer++) {
            for (int pre = 0; pre < 2; pre++) {
                assertArrayEquals(one.network().weights(layer)[pre], two.network().weights(layer)[pre], 0f);
            }
        }
        assertNotEquals(0.35f, one.network().weight(0, 0, 0), "the segment was learned");
        assertEquals(one.counts().forward().arithmetic(), two.counts().forward().arithmetic());
        assertEquals(one.counts().learning().arithmetic(), two.counts().learning().arithmetic());
        assertEquals(r1.segments, r2.segments);
    }
}
