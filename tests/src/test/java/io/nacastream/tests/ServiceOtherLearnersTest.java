package io.nacastream.tests;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.cli.Main;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.backei.BackEiLearner;
import io.nacastream.learner.sbp.SbpLearner;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.DirectoryCheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

import static io.nacastream.tests.Eventually.await;
import static io.nacastream.tests.ServiceHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The learners beyond the NACA network run as the deployed service: {@code learner.algorithm=sbp} in every jar and
 * {@code backei} with the all-in-one jar's learners learn every published event exactly once across a restart,
 * report their algorithm, and checkpoint models in their learner's own encoding, which the restarted service
 * restores.
 */
@ExtendWith(SharedBroker.class)
class ServiceOtherLearnersTest {

    @Test
    void sbpLearnsAndCheckpointsAcrossARestart(@TempDir Path dir) throws Exception {
        learnsAcrossARestart("sbp", StreamService.options(), dir,
                bytes -> SbpLearner.restore(bytes, new LabelBook(), 1_000, false).network().config().inputs());
    }

    @Test
    void backEisnnLearnsAndCheckpointsAcrossARestartWithTheAllInOneJarsLearners(@TempDir Path dir) throws Exception {
        learnsAcrossARestart("backei", StreamService.options().learners(Main.learners()), dir,
                bytes -> BackEiLearner.restore(bytes, new LabelBook(), 1_000, false, SegmentReplay.DEFAULT_LIMIT)
                        .config().inputs());
    }

    /**
     * Runs {@code algorithm} over the first half of the streams, stops, and runs it again over the second half: every
     * event is learned once, models were restored, and each stream's checkpoint decodes with {@code inputs}.
     */
    private static void learnsAcrossARestart(String algorithm, StreamService.Options options, Path dir,
                                             Function<byte[], Integer> inputs) throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        String prefix = "learner-" + algorithm;
        String events = prefix + ".events";
        String labels = prefix + ".labels";
        KafkaTopics.ensure(bootstrap, List.of(events, labels), 1);
        StagedStreams streams = StagedStreams.render(2, 17);
        streams.publishLabels(bootstrap, labels);
        ServiceConfig config = TestServices.config(prefix, "learner.algorithm=" + algorithm, "learner.hidden=32",
                "encoder.grid=16x16", "checkpoint.dir=" + dir);
        for (int part = 0; part < 2; part++) {
            streams.publishPart(bootstrap, events, part, 2);
            try (StreamService service = options.build(config, bootstrap, Clock.systemUTC()).start()) {
                await("part " + part + " learned and committed", () -> StagedStreams.committedAtEnd(bootstrap, prefix,
                        events) && StagedStreams.committedAtEnd(bootstrap, prefix, labels));
                String base = "http://127.0.0.1:" + service.httpPort();
                String models = get(base + "/models").body();
                assertEquals(algorithm, new ObjectMapper().readTree(models).path("config").path("algorithm")
                        .asText());
                if (part == 1) {
                    double restored = PrometheusText.sum(get(base + "/metrics").body(), "naca_models_restored_total");
                    assertTrue(restored >= 1, "models restored: " + restored);
                }
            }
        }
        StagedStreams.assertLearnedExactlyOnce(bootstrap, events, prefix + ".checkpoints",
                StagedStreams.published(bootstrap, events), 1);
        try (CheckpointStore saved = new DirectoryCheckpointStore(dir)) {
            for (String stream : streams.streams()) {
                ModelCheckpoint m = saved.loadModel(stream);
                assertEquals(2 * 16 * 16, inputs.apply(m.model()), stream);
            }
        }
    }
}
