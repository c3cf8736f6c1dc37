package io.nacastream.learner.naca;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.rule.ModulationTable;
import io.nacastream.learner.rule.NacaRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DRTP and DFA as hidden rules of the NACA network (learners.md §1.2, §1.7): the random projection, the rectangle
 * surrogate, the projected output error, and the updates and counts of two spikes computed by hand against NACA's.
 */
class HiddenRuleTest {

    private static final float ETA_H = 0.003f;
    private static final float ETA_O = 0.01f;

    @Test
    void theRectangleSurrogateOpensAroundTheThresholdOnly() {
        float[] v = {-0.1f, 0f, 0.01f, 0.5f, 1f, 1.01f};
        float[] ds = new float[v.length];
        NacaRule.window(ds, v, 0f, 1f, null);
        assertArrayEquals(new float[] {0, 0, 1, 1, 1, 0}, ds, 0f, "low < v <= high");
        NacaRule.window(ds, v, 0f, 1f, new float[] {1, 1, 0, 1, 0.5f, 1});
        assertArrayEquals(new float[] {0, 0, 0, 1, 0.5f, 0}, ds, 0f, "times the plasticity mask");
    }

    @Test
    void theOutputErrorIsProjectedThroughTheFixedMatrix() {
        // B = [[1, 2], [3, 4]], e = (0.5, -1), η = 0.1: g = 0.1 · (0.5·(1, 2) - 1·(3, 4)) = (-0.25, -0.3)
        float[] g = {9, 9};
        NacaRule.projectError(g, ModulationTable.of(new float[][] {{1, 2}, {3, 4}}), new float[] {0.5f, -1f}, 0.1f);
        assertArrayEquals(new float[] {-0.25f, -0.3f}, g, 1e-7f);
    }

    @Test
    void theRandomProjectionIsKaimingUniformAndSeeded() {
        ModulationTable b = ModulationTable.randomProjection(11, 600, 5);
        double bound = Math.sqrt(6.0 / 600);
        double sum = 0;
        for (int c = 0; c < 11; c++) {
            for (int j = 0; j < 600; j++) {
                assertTrue(Math.abs(b.get(c, j)) <= bound);
                sum += b.get(c, j);
            }
        }
        assertEquals(0, sum / 6600, 0.01, "zero mean");
        assertEquals(b.get(3, 7), ModulationTable.randomProjection(11, 600, 5).get(3, 7), 0f);
        NacaNetwork drtp = new NacaNetwork(config(NacaConfig.HiddenRule.DRTP).build());
        NacaNetwork naca = new NacaNetwork(config(NacaConfig.HiddenRule.NACA).build());
        assertArrayEquals(naca.weights(0)[0], drtp.weights(0)[0], 0f, "same seed, same weights");
        assertTrue(naca.modulation(0).get(1, 0) != drtp.modulation(0).get(1, 0), "another table");
    }

    @Test
    void drtpMovesTheGatedUnitsByTheLabelsRowOfB() {
        NacaLearner l = tiny(NacaConfig.HiddenRule.DRTP);
        NacaNetwork n = l.network();
        float b10 = n.modulation(0).get(1, 0);
        twoSpikesLearned(l);
        // Replay of class 1: spike 1, V = (0.35, -0.2): unit 0 in (θ - lens, θ + lens] = (0, 1] moves by -η_h·B[1][0],
        // unit 1 stays shut; spike 2, V0 = 0.35·exp(-0.5) + w00 ≈ 0.56, in the window again: another -η_h·B[1][0].
        assertEquals(0.35f - 2 * ETA_H * b10, n.weight(0, 0, 0), 1e-6);
        assertEquals(-0.2f, n.weight(0, 0, 1), 0f);
        assertEquals(0.2f + ETA_O, n.weight(1, 0, 1), 1e-7, "the output layer learns as NACA's");
        assertEquals("drtp", l.algorithm());
    }

    @Test
    void dfaMovesThemByTheProjectedOutputErrorWhichHasTheOppositeSignAtTheTrueClass() {
        NacaLearner l = tiny(NacaConfig.HiddenRule.DFA);
        NacaNetwork n = l.network();
        float b10 = n.modulation(0).get(1, 0);
        twoSpikesLearned(l);
        // No output spike yet: r = (0, 0), e = r - y* = (0, -1), g0 = η_h · (0·B[0][0] - 1·B[1][0]) = -η_h·B[1][0];
        // both spikes find unit 0 in the window: w00 - 2·g0.
        assertEquals(0.35f + 2 * ETA_H * b10, n.weight(0, 0, 0), 1e-6);
        assertEquals(-0.2f, n.weight(0, 0, 1), 0f);
        assertEquals("dfa", l.algorithm());
        assertThrows(IllegalArgumentException.class, () -> config(NacaConfig.HiddenRule.DFA)
                .readout(NacaConfig.Readout.RIDGE, 0.1).build(), "DFA needs the output layer's error");
    }

    @Test
    void inTickModeTheClosedTickIsGatedByTheWindowAndTaughtByTheRule() {
        for (NacaConfig.HiddenRule rule : List.of(NacaConfig.HiddenRule.DRTP, NacaConfig.HiddenRule.DFA)) {
            LabelBook book = new LabelBook();
            book.add(new LabelSegment("s", 1, 0, 1_000_000, true));
            NacaLearner l = new NacaLearner(new NacaNetwork(config(rule).mode(NacaConfig.Mode.TICK).build()), book,
                    1_000_000_000L, true);
            NacaNetwork n = l.network();
            n.setWeight(0, 0, 0, 0.35f);
            n.setWeight(0, 0, 1, 1.5f);
            float b10 = n.modulation(0).get(1, 0);
            Recorder r = new Recorder();
            l.process(SpikeTrain.of("s", new int[] {0}, new long[] {1_000}), r);
            l.finish(r);
            // One tick from rest: v = acc = (0.35, 1.5). Unit 0 is in the window (0, 1]: DRTP moves it by
            // -η_h·B[1][0]; DFA, with r = 0, e = (0, -1) and g0 = -η_h·B[1][0], by +η_h·B[1][0]. Unit 1 is above the
            // window, so it is shut, where NACA's Δs = [v > 0] - s_prev = 1 would have opened it.
            float expected = rule == NacaConfig.HiddenRule.DRTP ? 0.35f - ETA_H * b10 : 0.35f + ETA_H * b10;
            assertEquals(expected, n.weight(0, 0, 0), 1e-6, rule.id());
            assertEquals(1.5f, n.weight(0, 0, 1), 0f, rule.id());
        }
    }

    @Test
    void theyCostNacasWorkWithTheirOwnGateAndDfaTheProjection() {
        OpCounts naca = learnedCounts(NacaConfig.HiddenRule.NACA);
        OpCounts drtp = learnedCounts(NacaConfig.HiddenRule.DRTP);
        OpCounts dfa = learnedCounts(NacaConfig.HiddenRule.DFA);
        LayerCounts hidden = naca.layers().get(0);
        // two replayed spikes x two hidden units: the rectangle instead of the spike-timing gate
        Ops window = NacaRule.WINDOW.times(4).minus(NacaRule.GATE.times(4));
        assertEquals(hidden.learning().plus(window), drtp.layers().get(0).learning());
        // DFA also forms r - y* (2 classes) and projects it (2 classes x 2 units) at each of the two updates
        Ops projection = Dynamics.OUTPUT_ERROR.times(4).plus(NacaRule.PROJECT_ERROR.times(8));
        assertEquals(hidden.learning().plus(window).plus(projection), dfa.layers().get(0).learning());
        assertEquals(hidden.forward(), drtp.layers().get(0).forward(), "the forward pass is NACA's");
        assertEquals(naca.layers().get(1).learning(), drtp.layers().get(1).learning(), "so is the output rule");
    }

    @Test
    void theHiddenRuleAndItsMatrixAreCheckpointed() {
        NacaLearner l = tiny(NacaConfig.HiddenRule.DFA);
        twoSpikesLearned(l);
        Checkpoint.Model back = Checkpoint.decode(Checkpoint.encode(l.network(), l.counts()));
        assertEquals(NacaConfig.HiddenRule.DFA, back.network().config().hiddenRule());
        assertEquals(l.network().modulation(0).get(1, 1), back.network().modulation(0).get(1, 1), 0f);
        assertEquals(l.network().weight(0, 0, 0), back.network().weight(0, 0, 0), 0f);
    }

    private static NacaConfig.Builder config(NacaConfig.HiddenRule rule) {
        return NacaConfig.builder().sizes(2, List.of(2), 2).learningRates(ETA_H, ETA_O).seed(1).hiddenRule(rule);
    }

    /** The two-spike network of NacaLearnerTest with {@code rule} teaching its hidden layer. */
    private static NacaLearner tiny(NacaConfig.HiddenRule rule) {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 1, 0, 1_000_000, true));
        NacaLearner l = new NacaLearner(new NacaNetwork(config(rule).build()), book, 1_000_000_000L, true);
        NacaNetwork n = l.network();
        n.setWeight(0, 0, 0, 0.35f);
        n.setWeight(0, 0, 1, -0.2f);
        n.setWeight(1, 0, 0, 0.1f);
        n.setWeight(1, 0, 1, 0.2f);
        return l;
    }

    private static void twoSpikesLearned(NacaLearner l) {
        Recorder r = new Recorder();
        l.process(SpikeTrain.of("s", new int[] {0, 0}, new long[] {1_000, 11_000}), r);
        l.finish(r);
        assertEquals(1, r.segments.size());
    }

    private static OpCounts learnedCounts(NacaConfig.HiddenRule rule) {
        NacaLearner l = tiny(rule);
        twoSpikesLearned(l);
        return l.counts();
    }
}
