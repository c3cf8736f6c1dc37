package io.nacastream.tests;

import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.naca.NetworkHealth;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.KafkaCheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.List;

import static io.nacastream.tests.Eventually.await;
import static io.nacastream.tests.ServiceHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbers that blow up: learning rates of 1e38 drive the weights to infinity and NaN within a few updates (with the
 * weight bound off; the default bound keeps even these weights finite, {@code NetworkHealthTest}). The health check
 * at each checkpoint must catch every such model, never save it, roll its stream back (here to its base, as no good
 * checkpoint exists), count the fault, and keep the service consuming to the end.
 */
@ExtendWith(SharedBroker.class)
class ServiceNumericFaultTest {

    private static final String EVENTS = "numeric.events";
    private static final String LABELS = "numeric.labels";
    private static final String CHECKPOINTS = "numeric.checkpoints";

    @Test
    void modelsWhoseWeightsBlowUpAreRolledBackNeverSaved() throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        KafkaTopics.ensure(bootstrap, List.of(EVENTS, LABELS), 1);
        StagedStreams streams = StagedStreams.render(2, 51);
        streams.publishLabels(bootstrap, LABELS);
        streams.publishPart(bootstrap, EVENTS, 0, 1);
        ServiceConfig config = TestServices.config("numeric", "checkpoint.interval-ms=300",
                "learner.eta-hidden=1e38", "learner.eta-output=1e38", "learner.weight-bound=0");
        String metrics;
        try (StreamService service = new StreamService(config, bootstrap, Clock.systemUTC()).start()) {
            String base = "http://127.0.0.1:" + service.httpPort();
            await("everything consumed", () -> StagedStreams.committedAtEnd(bootstrap, "numeric", EVENTS)
                    && StagedStreams.committedAtEnd(bootstrap, "numeric", LABELS));
            // offsets now commit every 100 ms (exactly-once), ahead of the checkpoints whose health check catches a
            // blown-up model: wait for the checkpoint after the last packet
            await("both streams checked at a checkpoint", () -> PrometheusText.value(
                    get(base + "/metrics").body(), "naca_numeric_faults_total").orElse(0) >= 2);
            metrics = get(base + "/metrics").body();
            assertEquals(200, get(base + "/health/ready").statusCode(), "still ready");
        }
        double faults = PrometheusText.value(metrics, "naca_numeric_faults_total").orElse(-1);
        assertTrue(faults >= 2, "both streams blew up and were caught: " + faults);
        assertEquals(streams.totalEvents(), PrometheusText.value(metrics, "naca_events_total").orElse(-1),
                "the service learned on through the faults");
        try (CheckpointStore store = new KafkaCheckpointStore(bootstrap, CHECKPOINTS)) {
            store.load(EVENTS, List.of(0));
            for (String stream : streams.streams()) {
                ModelCheckpoint saved = store.loadModel(stream);
                assertTrue(saved == null || NetworkHealth.of(Checkpoint.decode(saved.model()).network(), 0).finite(),
                        "no non-finite model was ever saved: " + stream);
            }
        }
    }
}
