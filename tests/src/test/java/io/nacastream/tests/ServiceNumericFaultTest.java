package io.nacastream.tests;

import io.nacastream.cli.Main;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.backei.BackEiLearner;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.health.NetworkHealth;
import io.nacastream.learner.naca.NacaHealth;
import io.nacastream.learner.sbp.SbpLearner;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.KafkaCheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.nacastream.tests.Eventually.await;
import static io.nacastream.tests.ServiceHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbers that blow up: learning rates of 1e38 drive the weights to infinity and NaN within a few updates (NACA's
 * with the weight bound off; the default bound keeps even these weights finite, {@code NetworkHealthTest}; SBP's and
 * BackEISNN's, which have no bound, as they are). The health check at each checkpoint must catch every such model,
 * never save it, roll its stream back (here to its base, as no good checkpoint exists), count the fault, and keep the
 * service consuming to the end.
 */
@ExtendWith(SharedBroker.class)
class ServiceNumericFaultTest {

    @Test
    void nacaModelsWhoseWeightsBlowUpAreRolledBackNeverSaved() throws Exception {
        blowUp("naca", StreamService.options(), List.of("learner.eta-hidden=1e38", "learner.eta-output=1e38",
                "learner.weight-bound=0"), bytes -> NacaHealth.of(Checkpoint.decode(bytes).network(), 0));
    }

    @Test
    void sbpModelsWhoseWeightsBlowUpAreRolledBackNeverSaved() throws Exception {
        blowUp("sbp", StreamService.options(), List.of("sbp.learning-rate=1e38", "learner.hidden=32",
                "encoder.grid=16x16"), bytes -> SbpLearner.restore(bytes, new LabelBook(), 1_000, false).health());
    }

    @Test
    void backEisnnModelsWhoseWeightsBlowUpAreRolledBackNeverSaved() throws Exception {
        blowUp("backei", StreamService.options().learners(Main.learners()), List.of("backei.learning-rate=1e38",
                "learner.hidden=32", "encoder.grid=16x16"), bytes -> BackEiLearner.restore(bytes, new LabelBook(),
                1_000, false, SegmentReplay.DEFAULT_LIMIT).health());
    }

    private static void blowUp(String algorithm, StreamService.Options options, List<String> keys,
                               Function<byte[], NetworkHealth> health) throws Exception {
        String prefix = "numeric-" + algorithm;
        String events = prefix + ".events";
        String labels = prefix + ".labels";
        String bootstrap = SharedBroker.bootstrap();
        KafkaTopics.ensure(bootstrap, List.of(events, labels), 1);
        StagedStreams streams = StagedStreams.render(2, 51);
        streams.publishLabels(bootstrap, labels);
        streams.publishPart(bootstrap, events, 0, 1);
        List<String> all = new ArrayList<>(List.of("checkpoint.interval-ms=300", "learner.algorithm=" + algorithm));
        all.addAll(keys);
        ServiceConfig config = TestServices.config(prefix, all.toArray(String[]::new));
        String metrics;
        try (StreamService service = options.build(config, bootstrap, Clock.systemUTC()).start()) {
            String base = "http://127.0.0.1:" + service.httpPort();
            await("everything consumed", () -> StagedStreams.committedAtEnd(bootstrap, prefix, events)
                    && StagedStreams.committedAtEnd(bootstrap, prefix, labels));
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
        try (CheckpointStore store = new KafkaCheckpointStore(bootstrap, prefix + ".checkpoints")) {
            store.load(events, List.of(0));
            for (String stream : streams.streams()) {
                ModelCheckpoint saved = store.loadModel(stream);
                assertTrue(saved == null || health.apply(saved.model()).finite(),
                        "no non-finite model was ever saved: " + stream);
            }
        }
    }
}
