package io.nacastream.tests;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.DirectoryCheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static io.nacastream.tests.Eventually.await;
import static io.nacastream.tests.ServiceHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The NACA network's other hidden rules run as the deployed service: {@code learner.algorithm=drtp} and {@code dfa}
 * learn every published event, report their algorithm, and checkpoint models that restore with their rule.
 */
@ExtendWith(SharedBroker.class)
class ServiceHiddenRulesTest {

    @ParameterizedTest
    @CsvSource({"drtp,ridge,DRTP", "dfa,spikes,DFA"})
    void theServiceLearnsAndCheckpointsWithTheRule(String algorithm, String readout, NacaConfig.HiddenRule rule,
                                                   @TempDir Path dir) throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        String prefix = "rule-" + algorithm;
        String events = prefix + ".events";
        KafkaTopics.ensure(bootstrap, List.of(events, prefix + ".labels"), 1);
        StagedStreams streams = StagedStreams.render(2, 13);
        streams.publishLabels(bootstrap, prefix + ".labels");
        streams.publishPart(bootstrap, events, 0, 1);
        ServiceConfig config = TestServices.config(prefix, "learner.algorithm=" + algorithm,
                "learner.readout=" + readout, "checkpoint.dir=" + dir);
        try (StreamService service = new StreamService(config, bootstrap, Clock.systemUTC()).start()) {
            await("everything learned and committed", () -> StagedStreams.committedAtEnd(bootstrap, prefix, events)
                    && StagedStreams.committedAtEnd(bootstrap, prefix, prefix + ".labels"));
            String models = get("http://127.0.0.1:" + service.httpPort() + "/models").body();
            assertEquals(algorithm, new ObjectMapper().readTree(models).path("config").path("algorithm").asText());
        }
        StagedStreams.assertLearnedExactlyOnce(bootstrap, events, prefix + ".checkpoints",
                StagedStreams.published(bootstrap, events), 1);
        try (CheckpointStore saved = new DirectoryCheckpointStore(dir)) {
            for (String stream : streams.streams()) {
                ModelCheckpoint m = saved.loadModel(stream);
                assertEquals(rule, Checkpoint.decode(m.model()).network().config().hiddenRule(), stream);
            }
        }
    }
}
