package io.nacastream.tests;

import io.nacastream.ingest.kafka.KafkaTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM while checkpoints run back to back: a child-process service with six 4 MB models checkpointing every
 * 100 ms is stopped three times mid-stream and restarted. The child's debug log shows whether each SIGTERM landed
 * inside a checkpoint; at least one must have. Every event must be learned exactly once in the end.
 */
@ExtendWith(SharedBroker.class)
class ServiceSigtermDuringCheckpointTest {

    private static final String EVENTS = "sigterm.events";
    private static final String LABELS = "sigterm.labels";
    private static final String CHECKPOINTS = "sigterm.checkpoints";
    private static final String GROUP = "sigterm";
    private static final Pattern LINE = Pattern.compile("^(\\S+) \\S+ Checkpointer - event=checkpoint .* ms=(\\d+)",
            Pattern.MULTILINE);
    private static final Pattern STOPPING = Pattern.compile("^(\\S+) \\S+ StreamService - event=service_stopping",
            Pattern.MULTILINE);

    @Test
    void stoppedThreeTimesWhileCheckpointingLosesNothingAndLearnsNothingTwice(@TempDir Path dir) throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        KafkaTopics.ensure(bootstrap, List.of(EVENTS, LABELS), 1);
        StagedStreams streams = StagedStreams.render(6, 31);
        streams.publishLabels(bootstrap, LABELS);
        int parts = 4;
        int insideCheckpoint = 0;
        StringBuilder timeline = new StringBuilder();
        for (int round = 0; round < parts - 1; round++) {
            streams.publishPart(bootstrap, EVENTS, round, parts);
            try (ServiceProcess service = ServiceProcess.start(dir, "round" + round, options(bootstrap))) {
                service.await("learning and two checkpoints in this run", Duration.ofSeconds(90),
                        () -> service.metric("naca_events_total").orElse(0) > 0
                                && service.metric("naca_checkpoints_total").orElse(0) >= 2);
                Thread.sleep(137L * (round + 1));   // a different phase of the checkpoint cycle each round
                int code = service.terminate(Duration.ofSeconds(60));
                String log = service.logText();
                assertEquals(143, code, "exit code after SIGTERM\n" + log);
                assertTrue(log.contains("naca-stream service: stopped"), log);
                insideCheckpoint += stoppedInsideACheckpoint(log) ? 1 : 0;
                log.lines().filter(l -> l.contains("event=checkpoint ") || l.contains("event=service_stopping"))
                        .forEach(l -> timeline.append(l, 0, Math.min(l.length(), 110)).append('\n'));
            }
        }
        assertTrue(insideCheckpoint >= 1, "no SIGTERM landed inside a checkpoint; the test did not test it\n" + timeline);
        streams.publishPart(bootstrap, EVENTS, parts - 1, parts);
        try (ServiceProcess last = ServiceProcess.start(dir, "last", options(bootstrap))) {
            last.await("everything learned and checkpointed", Duration.ofSeconds(120),
                    () -> StagedStreams.committedAtEnd(bootstrap, GROUP, EVENTS)
                            && StagedStreams.committedAtEnd(bootstrap, GROUP, LABELS));
            assertEquals(143, last.terminate(Duration.ofSeconds(60)));
        }
        System.out.printf("sigterm: %d of %d SIGTERMs landed inside a checkpoint%n", insideCheckpoint, parts - 1);
        Map<String, StagedStreams.Tally> published = StagedStreams.published(bootstrap, EVENTS);
        StagedStreams.assertLearnedExactlyOnce(bootstrap, EVENTS, CHECKPOINTS, published, 1);
    }

    /** True if the service began stopping while a checkpoint was running (checkpoint lines give end and length). */
    private static boolean stoppedInsideACheckpoint(String log) {
        Matcher stop = STOPPING.matcher(log);
        if (!stop.find()) {
            return false;
        }
        Instant stopping = Instant.parse(stop.group(1));
        Matcher m = LINE.matcher(log);
        while (m.find()) {
            Instant end = Instant.parse(m.group(1));
            Instant start = end.minusMillis(Long.parseLong(m.group(2)));
            if (!stopping.isBefore(start) && !stopping.isAfter(end)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> options(String bootstrap) {
        return List.of("--bootstrap.servers=" + bootstrap, "--topic.events=" + EVENTS, "--topic.labels=" + LABELS,
                "--topic.predictions=sigterm.predictions", "--topic.energy=sigterm.energy",
                "--topic.dead-letter=sigterm.dead-letter", "--checkpoint.topic=" + CHECKPOINTS,
                "--group.id=" + GROUP, "--group.instance-id=sigterm-1", "--checkpoint.interval-ms=100",
                "--learner.hidden=512", "--learner.mode=tick");
    }
}
