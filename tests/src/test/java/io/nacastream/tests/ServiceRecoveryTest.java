package io.nacastream.tests;

import io.nacastream.ingest.kafka.KafkaTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service as a real child process killed with SIGKILL mid-stream, twice, and restarted each time, then stopped with
 * SIGTERM: every published event must end up learned exactly once by its stream's model (checked on the checkpoint
 * topic against the events topic).
 */
@ExtendWith(SharedBroker.class)
class ServiceRecoveryTest {

    private static final String EVENTS = "recovery.events";
    private static final String LABELS = "recovery.labels";
    private static final String CHECKPOINTS = "recovery.checkpoints";
    private static final String GROUP = "recovery";

    @Test
    void killedTwiceMidStreamThenRestartedLosesNothingAndLearnsNothingTwice(@TempDir Path dir) throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        String events = EVENTS;
        String labels = LABELS;
        KafkaTopics.ensure(bootstrap, List.of(events, labels), 2);
        StagedStreams streams = StagedStreams.render(4, 11);
        long total = streams.totalEvents();
        streams.publishLabels(bootstrap, labels);
        streams.publishPart(bootstrap, events, 0, 4);
        streams.publishPart(bootstrap, events, 1, 4);

        // 1. No periodic checkpoint yet, only models saved when evicted (2 live models, 4 streams): killed while a
        //    quarter is learned. The restart must skip, per stream, what its saved model already holds.
        double firstLearned;
        try (ServiceProcess first = ServiceProcess.start(dir, "first", options(bootstrap, 60_000))) {
            first.await("a quarter learned and a model saved", Duration.ofSeconds(90),
                    () -> first.metric("naca_models_saved_total").orElse(0) >= 1
                            && first.metric("naca_events_total").orElse(0) >= total / 4.0);
            // under exactly-once a save counts once a transaction holding it commits: wait for the next commit
            double commits = first.transactionsCommitted();
            first.await("a commit after the save", Duration.ofSeconds(30),
                    () -> first.transactionsCommitted() > commits);
            firstLearned = first.metric("naca_events_total").orElse(-1);
            assertEquals(0, first.metric("naca_checkpoints_total").orElse(-1), "no periodic checkpoint yet");
            first.kill();
            assertEquals(137, first.process.exitValue(), "killed by SIGKILL");
        }
        assertTrue(firstLearned < total / 2.0, "killed before it learned all that was published: " + firstLearned);
        streams.publishPart(bootstrap, events, 2, 4);   // published while no service runs

        // 2. Restarted with checkpoints every 500 ms, killed again once it has checkpointed and learned more.
        double skipped;
        try (ServiceProcess second = ServiceProcess.start(dir, "second", options(bootstrap, 500))) {
            // a restore waits for the checkpoint thread's queued writes, so wait for the skip rather than race it
            second.await("restored models, records skipped, a checkpoint, and a quarter more learned",
                    Duration.ofSeconds(90), () -> second.metric("naca_checkpoints_total").orElse(0) >= 1
                            && second.metric("naca_replay_skipped_events_total").orElse(0) > 0
                            && second.metric("naca_events_total").orElse(0) >= total / 4.0);
            skipped = second.metric("naca_replay_skipped_events_total").orElse(-1);
            assertTrue(second.metric("naca_models_restored_total").orElse(0) >= 1, "models restored");
            second.kill();
        }
        assertTrue(skipped > 0, "records already in a saved model were skipped after the restart: " + skipped);

        // 3. Restarted again, the last quarter published while it runs, then stopped with SIGTERM.
        try (ServiceProcess third = ServiceProcess.start(dir, "third", options(bootstrap, 500))) {
            streams.publishPart(bootstrap, events, 3, 4);
            Map<String, StagedStreams.Tally> published = StagedStreams.published(bootstrap, events);
            assertEquals(total, published.values().stream().mapToLong(StagedStreams.Tally::events).sum());
            third.await("everything published learned and checkpointed", Duration.ofSeconds(120),
                    () -> StagedStreams.committedAtEnd(bootstrap, GROUP, EVENTS));
            assertTrue(third.metric("naca_models_restored_total").orElse(0) >= 1, "models restored");
            int code = third.terminate(Duration.ofSeconds(60));
            String log = third.logText();
            assertEquals(143, code, "exit code after SIGTERM\n" + log);
            assertTrue(log.contains("naca-stream service: stopped"), log);
            System.out.printf("recovery: first learned %.0f of %d events before SIGKILL; the second skipped %.0f "
                    + "events its restored models held%n", firstLearned, total, skipped);
            StagedStreams.assertLearnedExactlyOnce(bootstrap, EVENTS, CHECKPOINTS, published, 2);
        }
    }

    private static List<String> options(String bootstrap, long checkpointIntervalMs) {
        return List.of("--bootstrap.servers=" + bootstrap, "--topic.events=" + EVENTS, "--topic.labels=" + LABELS,
                "--topic.predictions=recovery.predictions", "--topic.energy=recovery.energy",
                "--topic.dead-letter=recovery.dead-letter", "--checkpoint.topic=" + CHECKPOINTS,
                "--group.id=" + GROUP, "--group.instance-id=recovery-1", "--topic.partitions=2",
                "--checkpoint.interval-ms=" + checkpointIntervalMs, "--models.max-live=2", "--learner.mode=tick");
    }
}
