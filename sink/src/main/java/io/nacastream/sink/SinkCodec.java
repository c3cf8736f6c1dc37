package io.nacastream.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.eval.Evaluation;

/**
 * JSON forms of the sink records, as documented in {@code docs/sink-schema.md}. Every record has a {@code type}
 * ("prediction", "segment", "evaluation" or "energy") and a {@code schemaVersion}.
 */
public final class SinkCodec {

    /**
     * Version of the sink record schema (3 added class names to predictions and segment verdicts; 5 made evaluation
     * records one series per model).
     */
    public static final int SCHEMA_VERSION = 5;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SinkCodec() {
    }

    /** A periodic prediction, with the names of its classes from {@code classes}. */
    public static byte[] prediction(Prediction p, ClassNames classes) {
        ObjectNode n = header("prediction");
        n.put("streamId", p.streamId()).put("timestampUs", p.timestampUs()).put("predicted", p.predicted());
        name(n, "predictedName", p.predicted(), classes);
        ArrayNode scores = n.putArray("scores");
        for (float s : p.scores()) {
            scores.add(s);
        }
        if (p.label() >= 0) {
            n.put("label", p.label());
        } else {
            n.putNull("label");
        }
        name(n, "labelName", p.label(), classes);
        return bytes(n);
    }

    /** The verdict on a labelled segment, with the names of its classes from {@code classes}. */
    public static byte[] segment(SegmentResult r, ClassNames classes) {
        ObjectNode n = header("segment");
        n.put("streamId", r.streamId()).put("startUs", r.startUs()).put("endUs", r.endUs())
                .put("label", r.trueClass());
        name(n, "labelName", r.trueClass(), classes);
        n.put("predicted", r.predicted());
        name(n, "predictedName", r.predicted(), classes);
        n.put("correct", r.correct())
                .put("learned", r.learned()).put("votes", r.votes())
                .put("firstCorrectUs", r.firstCorrectUs());
        return bytes(n);
    }

    /**
     * Evaluation statistics of one model's verdicts so far: learned segments, held-out segments and periodic
     * predictions, each with accuracy, window accuracy, κ, κ_T, confusion matrix and latency.
     */
    public static byte[] evaluation(String algorithm, String model, long wallTimeMs, Evaluation learned,
                                    Evaluation heldOut, Evaluation predictions) {
        ObjectNode n = header("evaluation");
        n.put("algorithm", algorithm).put("model", model).put("wallTimeMs", wallTimeMs);
        evaluation(n.putObject("learned"), learned);
        evaluation(n.putObject("heldOut"), heldOut);
        evaluation(n.putObject("predictions"), predictions);
        return bytes(n);
    }

    private static void evaluation(ObjectNode n, Evaluation e) {
        n.put("instances", e.instances()).put("correct", e.correct());
        number(n, "accuracy", e.accuracy());
        number(n, "windowAccuracy", e.windowAccuracy());
        n.put("window", e.window());
        number(n, "kappa", e.kappa());
        number(n, "kappaT", e.kappaT());
        number(n, "noChangeAccuracy", e.noChangeAccuracy());
        number(n, "latencyP50Ms", e.latencyP50Ms());
        number(n, "latencyP90Ms", e.latencyP90Ms());
        n.put("neverCorrect", e.neverCorrect());
        ArrayNode rows = n.putArray("confusion");
        for (long[] row : e.confusion()) {
            ArrayNode r = rows.addArray();
            for (long v : row) {
                r.add(v);
            }
        }
    }

    /** The name of class {@code id}, or null for -1 (no class). */
    private static void name(ObjectNode n, String field, int id, ClassNames classes) {
        if (id < 0) {
            n.putNull(field);
        } else {
            n.put(field, classes.name(id));
        }
    }

    private static void number(ObjectNode n, String field, double value) {
        if (Double.isFinite(value)) {
            n.put(field, value);
        } else {
            n.putNull(field);
        }
    }

    /** Cumulative operation counts, per layer and phase, priced in joules. */
    public static byte[] energy(EnergyReport e) {
        OpCounts c = e.counts();
        ObjectNode n = header("energy");
        n.put("algorithm", e.algorithm()).put("wallTimeMs", e.wallTimeMs()).put("events", c.events())
                .put("joules", e.joules()).put("forwardJoules", e.forwardJoules())
                .put("learningJoules", e.learningJoules()).put("joulesPerEvent", e.joulesPerEvent())
                .put("memoryJoules", e.joules() - e.model().arithmeticJoules(c.total()));
        ops(n.putObject("total"), c.total());
        EnergyModel m = e.model();
        n.putObject("pricesPj").put("add", m.pjPerAdd()).put("mac", m.pjPerMac()).put("compare", m.pjPerCompare())
                .put("exp", m.pjPerExp()).put("weightRead", m.pjPerWeightRead())
                .put("weightWrite", m.pjPerWeightWrite()).put("stateAccess", m.pjPerStateAccess());
        number(n, "cpuNanosPerEvent", c.cpuNanosPerEvent());
        ArrayNode layers = n.putArray("layers");
        for (LayerCounts l : c.layers()) {
            ObjectNode o = layers.addObject().put("layer", l.layer());
            ops(o.putObject("forward"), l.forward()).put("joules", m.forwardJoules(l));
            ops(o.putObject("learning"), l.learning()).put("joules", m.learningJoules(l));
            o.put("spikes", l.spikes());
        }
        return bytes(n);
    }

    private static ObjectNode ops(ObjectNode o, Ops ops) {
        long[] v = ops.toArray();
        for (int i = 0; i < v.length; i++) {
            o.put(Ops.FIELDS.get(i), v[i]);
        }
        return o;
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
