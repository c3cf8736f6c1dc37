package io.nacastream.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.broker.EmbeddedKafka;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;

import static io.nacastream.tests.Eventually.await;
import static io.nacastream.tests.ServiceHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker stops mid-stream and comes back on its own broker (not the shared one): the service reports the outage
 * on its readiness endpoint, waits, reconnects and resumes; every event is learned exactly once.
 */
class ServiceBrokerOutageTest {

    private static final String EVENTS = "outage.events";
    private static final String LABELS = "outage.labels";
    private static final String CHECKPOINTS = "outage.checkpoints";

    @Test
    void theServiceWaitsOutABrokerOutageAndLosesNothing() throws Exception {
        StagedStreams streams = StagedStreams.render(2, 21);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            KafkaTopics.ensure(bootstrap, List.of(EVENTS, LABELS), 1);
            streams.publishLabels(bootstrap, LABELS);
            streams.publishPart(bootstrap, EVENTS, 0, 3);
            ServiceConfig config = TestServices.config("outage");
            try (StreamService service = new StreamService(config, bootstrap, Clock.systemUTC()).start()) {
                String ready = "http://127.0.0.1:" + service.httpPort() + "/health/ready";
                await("the first part learned", () -> StagedStreams.committedAtEnd(bootstrap, "outage", EVENTS));

                kafka.stop();
                await("readiness reports the outage", () -> get(ready).statusCode() == 503);
                JsonNode checks = new ObjectMapper().readTree(get(ready).body()).get("checks");
                assertFalse(checks.get("broker").asBoolean(), checks.toString());
                Thread.sleep(3000);   // the outage goes on while the service polls and checkpoints in vain
                assertFalse(service.done().isDone(), "the service waits instead of stopping");
                assertEquals(200, get(ready.replace("ready", "live")).statusCode(), "and stays alive");

                kafka.restart();
                await("ready again", () -> get(ready).statusCode() == 200);
                streams.publishPart(bootstrap, EVENTS, 1, 3);
                streams.publishPart(bootstrap, EVENTS, 2, 3);
                await("everything learned", () -> StagedStreams.committedAtEnd(bootstrap, "outage", EVENTS)
                        && StagedStreams.committedAtEnd(bootstrap, "outage", LABELS));
                HttpResponse<String> metrics = get(ready.replace("health/ready", "metrics"));
                assertTrue(PrometheusText.value(metrics.body(), "naca_events_total").orElse(0)
                        >= streams.totalEvents() / 2.0, "learning went on after the outage");
            }
            StagedStreams.assertLearnedExactlyOnce(bootstrap, EVENTS, CHECKPOINTS,
                    StagedStreams.published(bootstrap, EVENTS), 1);
        }
    }
}
