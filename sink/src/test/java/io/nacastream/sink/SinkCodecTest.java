package io.nacastream.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.learner.OpCounts;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.eval.SegmentResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinkCodecTest {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void energyIsPricedPerOperation() {
        OpCounts c = new OpCounts(10, 1000, 500, 200, 7, 3);
        EnergyModel m = EnergyModel.horowitz45nm();
        assertEquals(1000, m.effectiveAcs(c));
        assertEquals(700, m.effectiveMacs(c));
        assertEquals((1000 * 0.9 + 700 * 4.6) * 1e-12, m.joules(c), 1e-20);
        EnergyReport r = EnergyReport.of(5, c, m);
        assertEquals(m.joules(c) / 10, r.joulesPerEvent(), 1e-22);
    }

    @Test
    void recordsFollowTheDocumentedSchema() throws Exception {
        JsonNode p = M.readTree(SinkCodec.prediction(new Prediction("u1", 123, 2, new float[] {0.25f, 0, 0.75f}, -1)));
        assertEquals("prediction", p.get("type").asText());
        assertEquals(1, p.get("schemaVersion").asInt());
        assertEquals("u1", p.get("streamId").asText());
        assertEquals(123, p.get("timestampUs").asLong());
        assertEquals(2, p.get("predicted").asInt());
        assertEquals(0.75, p.get("scores").get(2).asDouble(), 1e-6);
        assertTrue(p.get("label").isNull());

        JsonNode s = M.readTree(SinkCodec.segment(new SegmentResult("u1", 10, 20, 4, 4, false, 9, 3)));
        assertEquals("segment", s.get("type").asText());
        assertTrue(s.get("correct").asBoolean());
        assertTrue(!s.get("learned").asBoolean());
        assertEquals(3, s.get("firstCorrectUs").asLong());

        OpCounts c = new OpCounts(10, 1000, 500, 200, 7, 3);
        JsonNode e = M.readTree(SinkCodec.energy(EnergyReport.of(99, c, EnergyModel.horowitz45nm())));
        assertEquals("energy", e.get("type").asText());
        assertEquals(700, e.get("effectiveMacs").asLong());
        assertEquals(4.12e-9, e.get("joules").asDouble(), 1e-15);
    }
}
