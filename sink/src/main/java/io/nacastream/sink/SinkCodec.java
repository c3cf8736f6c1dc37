package io.nacastream.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nacastream.learner.OpCounts;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.eval.SegmentResult;

/**
 * JSON forms of the sink records, as documented in {@code docs/sink-schema.md}. Every record has a {@code type}
 * ("prediction", "segment" or "energy") and a {@code schemaVersion}.
 */
public final class SinkCodec {

    /** Version of the sink record schema. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SinkCodec() {
    }

    /** A periodic prediction. */
    public static byte[] prediction(Prediction p) {
        ObjectNode n = header("prediction");
        n.put("streamId", p.streamId()).put("timestampUs", p.timestampUs()).put("predicted", p.predicted());
        ArrayNode scores = n.putArray("scores");
        for (float s : p.scores()) {
            scores.add(s);
        }
        if (p.label() >= 0) {
            n.put("label", p.label());
        } else {
            n.putNull("label");
        }
        return bytes(n);
    }

    /** The verdict on a labelled segment. */
    public static byte[] segment(SegmentResult r) {
        ObjectNode n = header("segment");
        n.put("streamId", r.streamId()).put("startUs", r.startUs()).put("endUs", r.endUs())
                .put("label", r.trueClass()).put("predicted", r.predicted()).put("correct", r.correct())
                .put("learned", r.learned()).put("outputSpikes", r.spikes())
                .put("firstCorrectUs", r.firstCorrectUs());
        return bytes(n);
    }

    /** Cumulative energy counters. */
    public static byte[] energy(EnergyReport e) {
        OpCounts c = e.counts();
        ObjectNode n = header("energy");
        n.put("wallTimeMs", e.wallTimeMs()).put("events", c.events())
                .put("forwardSynOps", c.forwardSynOps()).put("membraneUpdates", c.membraneUpdates())
                .put("learningSynOps", c.learningSynOps()).put("hiddenSpikes", c.hiddenSpikes())
                .put("outputSpikes", c.outputSpikes()).put("effectiveAcs", e.effectiveAcs())
                .put("effectiveMacs", e.effectiveMacs()).put("joules", e.joules())
                .put("joulesPerEvent", e.joulesPerEvent());
        return bytes(n);
    }

    private static ObjectNode header(String type) {
        return MAPPER.createObjectNode().put("type", type).put("schemaVersion", SCHEMA_VERSION);
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
