package io.nacastream.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.kafka.Producers;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.DirectoryCheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static io.nacastream.tests.Eventually.await;
import static io.nacastream.tests.ServiceHttp.get;
import static io.nacastream.tests.SinkTopicReader.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One service instance on a real broker with HTTP on a free port, one live model for three streams (so models are
 * evicted to the checkpoint topic and restored all the time), a checkpoint directory mirror, and bad records.
 */
@ExtendWith(SharedBroker.class)
class ServiceEndpointsTest {

    private static final String EVENTS = "endpoints.events";
    private static final String LABELS = "endpoints.labels";
    private static final String CHECKPOINTS = "endpoints.checkpoints";
    private static final String DEAD = "endpoints.dead-letter";

    @Test
    void servesHealthMetricsAndModelsEvictsAndRestoresAndDeadLettersBadRecords(@TempDir Path dir) throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        KafkaTopics.ensure(bootstrap, List.of(EVENTS, LABELS), 1);
        StagedStreams streams = StagedStreams.render(3, 5);
        streams.publishLabels(bootstrap, LABELS);
        byte[] garbage = "not an event packet".getBytes(StandardCharsets.UTF_8);
        byte[] badLabel = "{\"streamId\":".getBytes(StandardCharsets.UTF_8);
        ServiceConfig config = TestServices.config("endpoints", "checkpoint.dir=" + dir,
                "models.max-live=1");
        try (StreamService service = new StreamService(config, bootstrap, Clock.systemUTC()).start()) {
            String base = "http://127.0.0.1:" + service.httpPort();
            assertEquals(200, get(base + "/health/live").statusCode());
            await("ready", () -> get(base + "/health/ready").statusCode() == 200);
            JsonNode ready = json(get(base + "/health/ready"));
            assertEquals("READY", ready.get("status").asText());
            assertTrue(ready.get("checks").get("broker").asBoolean() && ready.get("checks").get("modelLoaded")
                    .asBoolean() && ready.get("checks").get("partitionsAssigned").asBoolean());

            for (int part = 0; part < 6; part++) {   // three streams in blocks: the one live model keeps changing
                streams.publishPart(bootstrap, EVENTS, part, 6);
                if (part == 2) {
                    try (KafkaProducer<String, byte[]> p = Producers.create(bootstrap)) {
                        p.send(new ProducerRecord<>(EVENTS, "user01", garbage));
                        p.send(new ProducerRecord<>(LABELS, "user01", badLabel));
                    }
                }
            }
            Map<String, StagedStreams.Tally> published = StagedStreams.published(bootstrap, EVENTS);
            long total = published.values().stream().mapToLong(StagedStreams.Tally::events).sum();
            await("everything learned and checkpointed", () -> StagedStreams.committedAtEnd(bootstrap, "endpoints",
                    EVENTS) && StagedStreams.committedAtEnd(bootstrap, "endpoints", LABELS));

            String metrics = get(base + "/metrics").body();
            assertEquals(total, (long) metric(metrics, "naca_events_total") + (long) metric(metrics,
                    "naca_replay_skipped_events_total"), "events learned (and none skipped in one run)");
            assertEquals(0, metric(metrics, "naca_replay_skipped_events_total"));
            assertEquals(2, PrometheusText.sum(metrics, "naca_dead_letters_total"));
            assertEquals(1, metric(metrics, "naca_dead_letters_total{reason=\"malformed-packet\"}"));
            assertEquals(1, metric(metrics, "naca_dead_letters_total{reason=\"malformed-label\"}"));
            assertTrue(metric(metrics, "naca_models_evicted_total") >= 5, metrics);
            assertTrue(metric(metrics, "naca_models_restored_total") >= 5, metrics);
            assertEquals(3, metric(metrics, "naca_models_started_total"));
            assertTrue(metric(metrics, "naca_checkpoints_total") >= 1);
            assertEquals(metric(metrics, "naca_checkpoints_total"), metric(metrics,
                    "naca_checkpoint_duration_seconds_count"), "every checkpoint timed");
            assertTrue(metric(metrics, "naca_synops_total{phase=\"learning\"}") > 0);
            assertTrue(metric(metrics, "naca_energy_joules_total") > 0);
            assertEquals(1, metric(metrics, "naca_models_live"));
            assertTrue(metrics.contains("naca_latency_seconds_bucket{le=\""), "latency histogram");
            assertTrue(metric(metrics, "naca_latency_seconds_count") >= published.values().stream()
                    .mapToLong(StagedStreams.Tally::packets).sum());
            assertTrue(metrics.contains("# HELP naca_events_total DVS events learned from"));
            assertEquals(0.1, metric(metrics, "naca_commit_interval_seconds{guarantee=\"exactly_once\"}"), 1e-9);
            assertTrue(metric(metrics, "naca_transactions_total{outcome=\"committed\"}") >= 1, metrics);
            assertEquals(0, metric(metrics, "naca_transactions_total{outcome=\"aborted\"}"));
            assertEquals(metric(metrics, "naca_transactions_total{outcome=\"committed\"}"),
                    metric(metrics, "naca_transaction_commit_duration_seconds_count"), "every commit timed");
            assertEquals(0, metric(metrics, "naca_replay_suppressed_outputs_total"));

            JsonNode models = json(get(base + "/models"));
            assertEquals(2048, models.get("config").get("inputs").asInt());
            assertEquals(256, models.get("config").get("hidden").get(0).asInt());
            assertEquals(1, models.get("liveModels").asInt());
            assertEquals(404, get(base + "/nothing-here").statusCode());
        }

        List<ConsumerRecord<byte[], byte[]>> dead = SinkTopicReader.readAll(bootstrap, DEAD);
        assertEquals(2, dead.size());
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String topic = header(r, SinkWriter.HEADER_SOURCE_TOPIC);
            assertTrue(header(r, SinkWriter.HEADER_ERROR).length() > 5);
            assertEquals("0", header(r, SinkWriter.HEADER_SOURCE_PARTITION));
            assertArrayEquals(topic.equals(EVENTS) ? garbage : badLabel, r.value(), "original bytes kept");
        }
        assertEquals(List.of(EVENTS, LABELS), dead.stream().map(r -> header(r, SinkWriter.HEADER_SOURCE_TOPIC))
                .sorted().toList());

        StagedStreams.assertLearnedExactlyOnce(bootstrap, EVENTS, CHECKPOINTS,
                StagedStreams.published(bootstrap, EVENTS), 1);
        try (CheckpointStore mirror = new DirectoryCheckpointStore(dir)) {   // the directory holds the same
            CheckpointStore.Stored stored = mirror.load(EVENTS, List.of(0));
            assertEquals(streams.streams(), stored.models().keySet());
            for (String stream : streams.streams()) {
                ModelCheckpoint m = mirror.loadModel(stream);
                assertEquals(StagedStreams.published(bootstrap, EVENTS).get(stream).events(), m.events());
            }
        }
    }


    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return new ObjectMapper().readTree(r.body());
    }

    private static double metric(String text, String name) {
        return PrometheusText.value(text, name).orElseThrow(() -> new AssertionError("no metric " + name));
    }
}
