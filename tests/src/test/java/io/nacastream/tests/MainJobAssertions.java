package io.nacastream.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.cli.MainJob;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.service.RunSummary;
import io.nacastream.service.config.ServiceConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the main job on a given broker and checks what reaches the sink topics; shared by the broker tests. */
final class MainJobAssertions {

    static final int TRAIN = 8;
    static final int TEST = 3;

    private MainJobAssertions() {
    }

    static void runAndCheck(String bootstrap) throws Exception {
        ServiceConfig config = ServiceConfig.of(Map.of(
                "bootstrap.servers", bootstrap,
                "synthetic.train-subjects", Integer.toString(TRAIN),
                "synthetic.test-subjects", Integer.toString(TEST),
                "group.id", "it-" + System.nanoTime(),
                "http.port", "0"), Map.of());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RunSummary summary = new MainJob(config, new PrintStream(console, true, StandardCharsets.UTF_8),
                Clock.systemUTC()).run();
        String out = console.toString(StandardCharsets.UTF_8);
        assertTrue(out.lines().anyMatch(l -> l.matches("dashboard: http://localhost:\\d+/dashboard/")),
                "the job prints its dashboard's address\n" + out);
        assertTrue(out.contains("---- summary (naca) ----"), out);
        assertTrue(out.contains("kappaT") && out.contains("confusion matrix"), out);
        assertEquals(TRAIN * 11, summary.evaluation().learned().instances());
        assertEquals(TEST * 11, summary.evaluation().heldOut().instances());
        assertEquals(0, summary.deadLetters());

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> predictions = new ArrayList<>();
        List<JsonNode> segments = new ArrayList<>();
        List<JsonNode> evaluations = new ArrayList<>();
        Map<String, JsonNode> lastPerModel = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : SinkTopicReader.readAll(bootstrap, "naca.predictions")) {
            JsonNode n = json.readTree(r.value());
            assertEquals(5, n.get("schemaVersion").asInt());
            if (n.get("type").asText().equals("evaluation")) {
                assertEquals("evaluation:naca:" + n.get("model").asText(),
                        new String(r.key(), StandardCharsets.UTF_8));
                evaluations.add(n);
                lastPerModel.put(n.get("model").asText(), n);
                continue;
            }
            assertEquals(n.get("streamId").asText(), new String(r.key(), StandardCharsets.UTF_8));
            if (n.get("type").asText().equals("prediction")) {
                predictions.add(n);
            } else {
                assertEquals("segment", n.get("type").asText());
                segments.add(n);
            }
        }
        // the main job's one model (model.scope=partition) publishes its evaluation every 11 verdicts and at the end
        // of the input; the last agrees with the summary
        assertEquals(List.of("partition:0"), List.copyOf(lastPerModel.keySet()));
        assertEquals((TRAIN + TEST) + 1, evaluations.size());
        JsonNode last = evaluations.get(evaluations.size() - 1).get("heldOut");
        assertEquals(summary.evaluation().heldOut().correct(), last.get("correct").asLong());
        assertEquals(summary.evaluation().heldOut().kappa(), last.get("kappa").asDouble(), 1e-12);
        assertEquals(11, last.get("confusion").size());
        assertEquals(12, last.get("confusion").get(0).size());
        // one prediction per 100 ms of stream time per stream: 11 streams of 11 x 1.75 s + 0.25 s ≈ 19.5 s
        assertTrue(predictions.size() > 1500, "predictions: " + predictions.size());
        for (JsonNode p : predictions) {
            assertEquals(11, p.get("scores").size());
            int predicted = p.get("predicted").asInt();
            assertTrue(predicted >= -1 && predicted < 11);
            assertTrue(p.has("timestampUs") && p.has("label"));
            assertEquals(predicted < 0 ? null : ClassNames.dvsGesture().name(predicted),
                    p.get("predictedName").isNull() ? null : p.get("predictedName").asText(), "named classes");
        }
        assertEquals((TRAIN + TEST) * 11, segments.size());
        long heldOut = segments.stream().filter(s -> !s.get("learned").asBoolean()).count();
        long heldOutCorrect = segments.stream()
                .filter(s -> !s.get("learned").asBoolean() && s.get("correct").asBoolean()).count();
        assertEquals(TEST * 11, heldOut);
        double accuracy = heldOutCorrect / (double) heldOut;
        // chance is 1/11 = 9.1 %: demand five times chance on subjects never learned from
        assertTrue(accuracy >= 0.45, "held-out accuracy " + accuracy + "\n" + out);
        assertEquals(summary.evaluation().heldOut().correct(), heldOutCorrect);

        List<ConsumerRecord<byte[], byte[]>> energy = SinkTopicReader.readAll(bootstrap, "naca.energy");
        assertTrue(energy.size() >= 2, "energy records: " + energy.size());
        long previousEvents = -1;
        for (ConsumerRecord<byte[], byte[]> r : energy) {
            JsonNode e = json.readTree(r.value());
            assertEquals("energy", e.get("type").asText());
            long events = e.get("events").asLong();
            assertTrue(events >= previousEvents, "cumulative counters");
            previousEvents = events;
            JsonNode t = e.get("total");
            double pj = t.get("adds").asLong() * 0.9 + t.get("macs").asLong() * 4.6
                    + t.get("compares").asLong() * 0.9 + t.get("exps").asLong() * 27.6
                    + 5.0 * (t.get("weightReads").asLong() + t.get("weightWrites").asLong()
                    + t.get("stateReads").asLong() + t.get("stateWrites").asLong());
            assertEquals(pj * 1e-12, e.get("joules").asDouble(), 1e-9 * e.get("joules").asDouble() + 1e-18,
                    "every operation and access priced at the default prices");
            assertEquals(2, e.get("layers").size());
            assertEquals(e.get("joules").asDouble(), e.get("forwardJoules").asDouble()
                    + e.get("learningJoules").asDouble(), 1e-9 * e.get("joules").asDouble() + 1e-18);
        }
        assertEquals(summary.spikes(), previousEvents);
    }
}
