package io.nacastream.tests;

import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.stream.ProcessorView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.nacastream.tests.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two service instances in one consumer group on one real broker: when the second joins, a partition moves to it;
 * when the first leaves, the second takes everything; each time the new owner restores the partition's models from
 * the checkpoint topic and continues them, and every event is learned exactly once.
 */
@ExtendWith(SharedBroker.class)
class ServiceRebalanceTest {

    private static final String EVENTS = "rebalance.events";
    private static final String LABELS = "rebalance.labels";
    private static final String CHECKPOINTS = "rebalance.checkpoints";
    private static final String GROUP = "rebalance";

    @Test
    void partitionsAndTheirModelsMoveBetweenInstances() throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        KafkaTopics.ensure(bootstrap, List.of(EVENTS, LABELS), 2);
        StagedStreams streams = StagedStreams.render(4, 23);
        streams.publishLabels(bootstrap, LABELS);
        streams.publishPart(bootstrap, EVENTS, 0, 3);

        StreamService b;
        try (StreamService a = new StreamService(config(), bootstrap, Clock.systemUTC()).start()) {
            await("instance A learned the first third", () -> StagedStreams.committedAtEnd(bootstrap, GROUP, EVENTS));
            await("A owns both partitions", () -> a.view().partitions().size() == 2);

            b = new StreamService(config(), bootstrap, Clock.systemUTC()).start();
            await("one partition each", () -> a.view().partitions().size() == 1 && b.view().partitions().size() == 1);
            streams.publishPart(bootstrap, EVENTS, 1, 3);
            await("both learned the second third", () -> StagedStreams.committedAtEnd(bootstrap, GROUP, EVENTS));
            await("views refreshed", () -> learned(a) + learned(b) == published(bootstrap));
            assertTrue(restored(b).size() >= 1, "B continued models A had learned: " + b.view().models());
            assertTrue(a.readiness().status().ready() && b.readiness().status().ready());
        }   // A leaves the group gracefully: checkpoint, commit, hand over

        try (b) {
            await("B owns both partitions", () -> b.view().partitions().size() == 2);
            streams.publishPart(bootstrap, EVENTS, 2, 3);
            await("B learned the last third", () -> StagedStreams.committedAtEnd(bootstrap, GROUP, EVENTS));
            await("B's view refreshed", () -> learned(b) == published(bootstrap));
            assertEquals(streams.streams(), names(b.view().models()), "B holds every stream's model");
            Set<String> restoredFromA = restored(b);
            assertFalse(restoredFromA.isEmpty());
        }
        StagedStreams.assertLearnedExactlyOnce(bootstrap, EVENTS, CHECKPOINTS,
                StagedStreams.published(bootstrap, EVENTS), 2);
    }

    private static ServiceConfig config() {
        return TestServices.config("rebalance", "topic.partitions=2", "http.port=-1");
    }

    private static long learned(StreamService s) {
        return s.view().models().stream().mapToLong(ProcessorView.ModelInfo::events).sum();
    }

    private static long published(String bootstrap) {
        return StagedStreams.published(bootstrap, EVENTS).values().stream()
                .mapToLong(StagedStreams.Tally::events).sum();
    }

    private static Set<String> restored(StreamService s) {
        Set<String> out = new TreeSet<>();
        s.view().models().stream().filter(m -> m.origin().equals("checkpoint")).forEach(m -> out.add(m.modelId()));
        return out;
    }

    private static Set<String> names(List<ProcessorView.ModelInfo> models) {
        Set<String> out = new TreeSet<>();
        models.forEach(m -> out.add(m.modelId()));
        return out;
    }
}
