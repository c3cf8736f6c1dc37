package io.nacastream.tests;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * processing.guarantee=exactly_once, end to end, on the real broker with the service as child processes: the same
 * recorded input (4 synthetic sessions, labels first, then the events in four parts) is learned once without a
 * failure, and again through failures: killed with SIGKILL twice (once in the middle of a commit), a second instance
 * joining and leaving, and an instance frozen with SIGSTOP until the group gave its partitions away, then resumed.
 * Read with read_committed, each failure run's predictions, verdicts and evaluation records are those of the
 * uninterrupted run, key by key and record by record (processing wall time aside), and its checkpoints hold every
 * event learned once.
 */
@ExtendWith(SharedBroker.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern COMMITTING = Pattern.compile("event=transaction_committing");
    private static final Pattern LOG_EVENT = Pattern.compile("event=(transaction_committing|transaction_committed)");

    private final StagedStreams streams = StagedStreams.render(4, 57);
    private Map<String, List<String>> reference;

    @BeforeAll
    void uninterrupted(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        ExactlyOnceOutputs run = new ExactlyOnceOutputs("eos-reference", SharedBroker.bootstrap());
        streams.publishLabels(run.bootstrap, run.labels());
        for (int part = 0; part < 4; part++) {
            streams.publishPart(run.bootstrap, run.events(), part, 4);
        }
        try (ServiceProcess service = run.start(dir, "reference", List.of())) {
            service.await("the whole input learned and committed", WAIT, run::done);
            assertEquals(143, service.terminate(Duration.ofSeconds(60)), service.logText());
        }
        reference = run.committedOutputs();
        Map<String, Integer> kinds = ExactlyOnceOutputs.kinds(reference);
        assertTrue(kinds.getOrDefault("segment", 0) >= 40, "verdicts of the reference run: " + kinds);
        System.out.println("exactly-once reference: " + kinds + " over " + reference.size() + " keys");
    }

    @Test
    void killedTwiceOnceDuringACommitTheOutputsAreThoseOfTheUninterruptedRun(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        long total = streams.totalEvents();
        ExactlyOnceOutputs run = halfPublished("eos-kill");
        try (ServiceProcess first = run.start(dir, "kill1", List.of(), "--group.instance-id=kill-1")) {
            awaitQuarterCommitted(first);
            first.kill();
        }
        streams.publishPart(run.bootstrap, run.events(), 2, 4);
        try (ServiceProcess second = run.start(dir, "kill2", List.of("-Dnaca.test.commit-pause-ms=600"),
                "--group.instance-id=kill-1")) {
            second.await("learning again, then a commit under way", WAIT,
                    () -> second.metric("naca_events_total").orElse(0) >= total / 4.0
                            && lastIsCommitting(text(second)));
            second.kill();
            String log = second.logText();
            assertTrue(lastIsCommitting(log), "killed between sending the offsets and committing:\n" + tail(log));
        }
        streams.publishPart(run.bootstrap, run.events(), 3, 4);
        try (ServiceProcess third = run.start(dir, "kill3", List.of(), "--group.instance-id=kill-1")) {
            third.await("everything learned and committed", WAIT, run::done);
            assertTrue(third.metric("naca_replay_suppressed_outputs_total").orElse(0) > 0,
                    "outputs already committed were learned again without being published");
            assertEquals(143, third.terminate(Duration.ofSeconds(60)), third.logText());
        }
        run.assertSameAs(reference);
    }

    @Test
    void aSecondInstanceJoiningAndLeavingLeavesTheOutputsOfTheUninterruptedRun(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        ExactlyOnceOutputs run = new ExactlyOnceOutputs("eos-rebalance", SharedBroker.bootstrap());
        streams.publishLabels(run.bootstrap, run.labels());
        streams.publishPart(run.bootstrap, run.events(), 0, 4);
        try (ServiceProcess a = run.start(dir, "a", List.of())) {
            a.await("A learned the first part", WAIT, run::done);
            streams.publishPart(run.bootstrap, run.events(), 1, 4);
            try (ServiceProcess b = run.start(dir, "b", List.of())) {
                b.await("one partition each", WAIT, () -> a.metric("naca_partitions_assigned").orElse(0) == 1
                        && b.metric("naca_partitions_assigned").orElse(0) == 1);
                streams.publishPart(run.bootstrap, run.events(), 2, 4);
                b.await("B learned", WAIT, () -> b.metric("naca_events_total").orElse(0) > 0);
                assertEquals(143, b.terminate(Duration.ofSeconds(60)), b.logText());
            }
            a.await("A owns both partitions again", WAIT, () -> a.metric("naca_partitions_assigned").orElse(0) == 2);
            streams.publishPart(run.bootstrap, run.events(), 3, 4);
            a.await("everything learned and committed", WAIT, run::done);
            assertEquals(143, a.terminate(Duration.ofSeconds(60)), a.logText());
        }
        run.assertSameAs(reference);
    }

    @Test
    void anInstanceFrozenUntilItLostItsPartitionsCommitsNothingWhenResumed(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        ExactlyOnceOutputs run = halfPublished("eos-zombie");
        try (ServiceProcess zombie = run.start(dir, "zombie", List.of("-Dnaca.test.commit-pause-ms=150"),
                "--group.instance-id=zombie", "--group.session-timeout-ms=6000",
                "--commit.transaction-timeout-ms=10000")) {
            awaitQuarterCommitted(zombie);
            zombie.pause();
            try (ServiceProcess successor = run.start(dir, "successor", List.of(),
                    "--group.instance-id=successor", "--group.session-timeout-ms=6000")) {
                successor.await("the successor owns both partitions", WAIT,
                        () -> successor.metric("naca_partitions_assigned").orElse(0) == 2);
                streams.publishPart(run.bootstrap, run.events(), 2, 4);
                successor.await("the successor learned", WAIT,
                        () -> successor.metric("naca_events_total").orElse(0) > 0);
                zombie.resume();
                zombie.await("the zombie back at its last commit, or stopped as fenced", WAIT,
                        () -> text(zombie).contains("event=restart_from_last_commit")
                                || text(zombie).contains("event=service_fenced"));
                String log = zombie.logText();
                assertTrue(log.contains("event=transaction_aborted") || log.contains("event=service_fenced"),
                        tail(log));
                streams.publishPart(run.bootstrap, run.events(), 3, 4);
                successor.await("everything learned and committed", WAIT, run::done);
                assertEquals(143, successor.terminate(Duration.ofSeconds(60)), successor.logText());
            }
        }
        run.assertSameAs(reference);
    }

    /** A run named {@code prefix} with the labels and the first half of the events published. */
    private ExactlyOnceOutputs halfPublished(String prefix) throws Exception {
        ExactlyOnceOutputs run = new ExactlyOnceOutputs(prefix, SharedBroker.bootstrap());
        streams.publishLabels(run.bootstrap, run.labels());
        streams.publishPart(run.bootstrap, run.events(), 0, 4);
        streams.publishPart(run.bootstrap, run.events(), 1, 4);
        return run;
    }

    /** Waits until {@code s} has learned a quarter of the input and committed a transaction. */
    private void awaitQuarterCommitted(ServiceProcess s) throws Exception {
        long total = streams.totalEvents();
        s.await("a quarter learned and committed", WAIT,
                () -> s.metric("naca_events_total").orElse(0) >= total / 4.0 && s.transactionsCommitted() >= 1);
    }

    /** True if the log's last commit event is a commit that has started and not finished. */
    private static boolean lastIsCommitting(String log) {
        Matcher m = LOG_EVENT.matcher(log);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return "transaction_committing".equals(last) && COMMITTING.matcher(log).results().count() >= 2;
    }

    private static String text(ServiceProcess s) {
        try {
            return s.logText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String tail(String log) {
        return log.substring(Math.max(0, log.length() - 4000));
    }
}
