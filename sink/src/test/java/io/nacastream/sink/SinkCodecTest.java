package io.nacastream.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.eval.PrequentialEvaluator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinkCodecTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static OpCounts counts() {
        return new OpCounts(10, 5_000, List.of(
                new LayerCounts("input->hidden1", new Ops(100, 400, 20, 1, 500, 0, 900, 800),
                        new Ops(30, 0, 60, 0, 500, 500, 1000, 500), 7),
                new LayerCounts("hidden1->output", new Ops(20, 10, 5, 2, 30, 0, 40, 30),
                        new Ops(4, 11, 8, 0, 11, 11, 22, 11), 3)));
    }

    @Test
    void energyIsPricedPerOperationAndPhase() {
        OpCounts c = counts();
        EnergyModel m = EnergyModel.horowitz45nm();
        assertEquals(new Ops(154, 421, 93, 3, 1041, 511, 1962, 1341), c.total());
        // adds 0.9, macs 4.6, compares 0.9, exps 27.6, every 32-bit access 5 pJ
        double forward = 120 * 0.9 + 410 * 4.6 + 25 * 0.9 + 3 * 27.6 + (530 + 0 + 940 + 830) * 5;
        double learning = 34 * 0.9 + 11 * 4.6 + 68 * 0.9 + (511 + 511 + 1022 + 511) * 5;
        assertEquals((forward + learning) * 1e-12, m.joules(c), 1e-20);
        EnergyReport r = EnergyReport.of(5, "naca", c, m);
        assertEquals(forward * 1e-12, r.forwardJoules(), 1e-20);
        assertEquals(learning * 1e-12, r.learningJoules(), 1e-20);
        assertEquals((154 * 0.9 + 421 * 4.6 + 93 * 0.9 + 3 * 27.6) * 1e-12, m.arithmeticJoules(c.total()), 1e-20);
        assertEquals(m.joules(c) / 10, r.joulesPerEvent(), 1e-22);
        assertEquals(500.0, c.cpuNanosPerEvent(), 0);
    }

    @Test
    void recordsFollowTheDocumentedSchema() throws Exception {
        ClassNames names = new ClassNames(java.util.List.of("zero", "one", "two", "three", "four"));
        JsonNode p = M.readTree(SinkCodec.prediction(new Prediction("u1", 123, 2, new float[] {0.25f, 0, 0.75f}, -1),
                names));
        assertEquals("prediction", p.get("type").asText());
        assertEquals(5, p.get("schemaVersion").asInt());
        assertEquals("two", p.get("predictedName").asText());
        assertTrue(p.get("labelName").isNull());
        assertEquals("u1", p.get("streamId").asText());
        assertEquals(123, p.get("timestampUs").asLong());
        assertEquals(2, p.get("predicted").asInt());
        assertEquals(0.75, p.get("scores").get(2).asDouble(), 1e-6);
        assertTrue(p.get("label").isNull());

        JsonNode s = M.readTree(SinkCodec.segment(new SegmentResult("u1", 10, 20, 4, 4, false, 9, 3), names));
        assertEquals("segment", s.get("type").asText());
        assertEquals("four", s.get("labelName").asText());
        assertEquals("four", s.get("predictedName").asText());
        JsonNode undecided = M.readTree(SinkCodec.segment(new SegmentResult("u1", 10, 20, 1, -1, true, 0, -1),
                names));
        assertEquals("one", undecided.get("labelName").asText());
        assertTrue(undecided.get("predictedName").isNull());
        assertTrue(s.get("correct").asBoolean());
        assertFalse(s.get("learned").asBoolean());
        assertEquals(9, s.get("votes").asLong());
        assertEquals(3, s.get("firstCorrectUs").asLong());

        JsonNode e = M.readTree(SinkCodec.energy(EnergyReport.of(99, "naca", counts(), EnergyModel.horowitz45nm())));
        assertEquals("energy", e.get("type").asText());
        assertEquals("naca", e.get("algorithm").asText());
        assertEquals(421, e.get("total").get("macs").asLong());
        assertEquals(1041, e.get("total").get("weightReads").asLong());
        assertEquals(511, e.get("total").get("weightWrites").asLong());
        assertEquals(27.6, e.get("pricesPj").get("exp").asDouble(), 0);
        assertEquals(500.0, e.get("cpuNanosPerEvent").asDouble(), 0);
        JsonNode l1 = e.get("layers").get(1);
        assertEquals("hidden1->output", l1.get("layer").asText());
        assertEquals(11, l1.get("learning").get("macs").asLong());
        assertEquals(11, l1.get("learning").get("weightWrites").asLong());
        assertEquals(8, l1.get("learning").get("compares").asLong());
        assertEquals(3, l1.get("spikes").asLong());
    }

    @Test
    void evaluationRecordsCarryKappasAndTheConfusionMatrix() throws Exception {
        PrequentialEvaluator ev = new PrequentialEvaluator(2, 10);
        ev.add(new SegmentResult("a", 0, 1, 0, 0, true, 1, 5_000));
        ev.add(new SegmentResult("a", 1, 2, 1, 0, true, 1, -1));
        PrequentialEvaluator empty = new PrequentialEvaluator(2, 10);
        JsonNode n = M.readTree(SinkCodec.evaluation("naca", "cam-1", 7, ev.snapshot(), empty.snapshot(), empty.snapshot()));
        assertEquals("evaluation", n.get("type").asText());
        JsonNode learned = n.get("learned");
        assertEquals(2, learned.get("instances").asLong());
        assertEquals(0.5, learned.get("accuracy").asDouble(), 1e-12);
        assertEquals(0.0, learned.get("kappa").asDouble(), 1e-12);   // p_o 0.5, p_e = 0.5·1 + 0.5·0
        assertEquals(5.0, learned.get("latencyP50Ms").asDouble(), 1e-12);
        assertEquals(1, learned.get("confusion").get(1).get(0).asLong());
        assertTrue(n.get("heldOut").get("accuracy").isNull());       // NaN becomes null
    }
}
