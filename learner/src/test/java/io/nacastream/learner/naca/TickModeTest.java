package io.nacastream.learner.naca;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.eval.SegmentResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void twoTicksFollowTheDiscreteUpdateAndCountsByHand() {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 1, 0, 1_000_000, true));
        NacaLearner l = tiny(book);
        NacaNetwork n = l.network();
        float eta0 = ETA_H * n.modulation(0).get(1, 0);
        Recorder r = new Recorder();
        // tick [0, 10 ms): inputs 0, 0 (clipped to one spike per tick), 1; the spike at 15 ms closes it.
        l.process(SpikeTrain.of("s", new int[] {0, 0, 1, 0}, new long[] {1_000, 2_000, 3_000, 15_000}), r);
        // hidden: V = acc = (0.65, -0.1); s = (1, 0); Δs = ([V > 0] - 0) = (1, 0): column 0 and 1 lose η·Mod[1][0]
        assertEquals(0.35f - eta0, n.weight(0, 0, 0), 1e-7);
        assertEquals(0.3f - eta0, n.weight(0, 1, 0), 1e-7);
        assertEquals(-0.2f, n.weight(0, 0, 1), 0f);
        assertEquals(0.65f, l.potential("s", 0, 0), 1e-6);
        // output: V = W2[0] = (0.6, 0.2); r = α·s = (0.1, 0) with α = 10/100; Δs = (1, 1); y = (0, 1)
        // W2[0] -= η_o·(r - y)·Δs = (0.6 - 0.1 η_o, 0.2 + η_o)
        assertEquals(0.6f - 0.1f * ETA_O, n.weight(1, 0, 0), 1e-7);
        assertEquals(0.2f + ETA_O, n.weight(1, 0, 1), 1e-7);
        assertEquals(0.6f, l.potential("s", 1, 0), 1e-6);

        l.finish(r);
        // tick [10, 20 ms): acc = updated column 0; V = 0.2·V·(1 - s) + acc = (0.35 - eta0, 0.2·(-0.1) - 0.2)
        assertEquals(0.35f - eta0, l.potential("s", 0, 0), 1e-6);
        assertEquals(-0.22f, l.potential("s", 0, 1), 1e-6);
        // Δs = ([V > 0] - s_prev) = (1 - 1, 0 - 0) = 0: nothing learned in tick 2; output gets no input
        assertEquals(0.35f - eta0, n.weight(0, 0, 0), 1e-7);
        assertEquals(0f, l.potential("s", 1, 0), 1e-7);           // 0.2·0.6·(1 - 1)
        assertEquals(0.04f, l.potential("s", 1, 1), 1e-7);        // 0.2·0.2·(1 - 0)

        assertEquals(1, r.segments.size());
        SegmentResult seg = r.segments.get(0);
        assertEquals(0, seg.predicted());                         // the output unit 0 fired once
        assertEquals(1, seg.votes());

        // Hand counts. input->hidden1: 3 first-in-tick spikes add 2 weights each (6 ACs, 6 reads), 2 ticks of 2
        // membranes (4 MACs); learning in tick 1: 2 active inputs x 2 weights read, 1 gate open each (2 ACs); tick 2
        // reads the 2 weights of its one active input and finds every gate closed.
        // hidden1->output: one hidden spike adds 2 weights, 2 ticks x 2 membranes; learning: factor 2 MACs, 2 reads,
        // both gates open (2 ACs).
        assertEquals(new LayerCounts("input->hidden1", 6, 4, 6, 2, 0, 6, 2, 1), l.counts().layers().get(0));
        assertEquals(new LayerCounts("hidden1->output", 2, 4, 2, 2, 2, 2, 2, 1), l.counts().layers().get(1));
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
        assertEquals(0, l.counts().learningSynOps());
    }
}
