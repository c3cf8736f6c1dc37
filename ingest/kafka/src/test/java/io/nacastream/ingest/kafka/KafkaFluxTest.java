package io.nacastream.ingest.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link KafkaFlux} against a {@link MockConsumer}: backpressure, label-first ordering, bounded mode, hand-over. */
@Timeout(30)
class KafkaFluxTest {

    private static final String EVENTS = "events";
    private static final String LABELS = "labels";
    private static final TopicPartition E0 = new TopicPartition(EVENTS, 0);
    private static final TopicPartition E1 = new TopicPartition(EVENTS, 1);
    private static final TopicPartition L0 = new TopicPartition(LABELS, 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Listener calls, records received and the end of the flux, in the order they happened. */
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final RecordingListener listener = new RecordingListener();
    private TestConsumer consumer;
    private Recorder downstream;

    @BeforeEach
    void newConsumer() {
        consumer = new TestConsumer();
        consumer.updateBeginningOffsets(Map.of(E0, 0L, E1, 0L, L0, 0L));
    }

    @AfterEach
    void stopPollThread() {
        if (downstream != null) {
            downstream.dispose();
            await("the consumer to be closed", consumer::closed);
        }
    }

    @Test
    void pausesAssignedPartitionsWithoutDemandAndResumesWhenDemandReturns() {
        consumer.setMaxPollRecords(5);
        assignWith(List.of(E0), records(E0, 0, 20));
        downstream = subscribe(flux(new CompletableFuture<>()), 5);

        await("5 records delivered", () -> downstream.received.size() >= 5);
        await("the partition paused", () -> consumer.paused().equals(Set.of(E0)));
        assertStaysAt(5, 5);   // the first batch met the demand: nothing more is fetched while paused
        assertEquals(0, consumer.resumes.get());

        int wakeups = consumer.wakeups.get();
        // Requested while the buffer is empty: a request served from buffered records races the poll thread, which
        // reads the demand before the drain deducts it and may fetch further batches (a known KafkaFlux weakness).
        downstream.request(3);
        assertTrue(consumer.wakeups.get() > wakeups, "new demand wakes up the paused poll thread");
        await("8 records delivered", () -> downstream.received.size() >= 8);
        assertTrue(consumer.resumes.get() >= 1, "the paused partition was resumed");
        await("the partition paused again", () -> consumer.paused().equals(Set.of(E0)));
        assertStaysAt(10, 8);   // the second batch of 5: 3 delivered, 2 buffered
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), offsets(downstream.received));
    }

    @Test
    void leadingTopicRecordsAreEmittedBeforeOtherRecordsOfTheSamePoll() {
        consumer.lastTopic = LABELS;   // the consumer hands the labels back after the events
        assignWith(List.of(E0, L0), List.of(record(E0, 0), record(E0, 1), record(L0, 0)));
        downstream = subscribe(flux(new CompletableFuture<>()), Long.MAX_VALUE);

        await("3 records", () -> downstream.received.size() == 3);
        assertEquals(List.of(List.of(EVENTS, EVENTS, LABELS)), consumer.batches, "one poll, events first");
        assertEquals(List.of("labels-0@0", "events-0@0", "events-0@1"), names(downstream.received));
    }

    @Test
    void otherRecordsWaitWhileTheLeadingTopicHasUnreadRecords() {
        consumer.updateEndOffsets(Map.of(L0, 2L));   // label 1 is on the broker but not fetched yet
        assignWith(List.of(E0, L0), List.of(record(E0, 0), record(E0, 1), record(L0, 0)));
        downstream = subscribe(flux(new CompletableFuture<>()), Long.MAX_VALUE);

        await("the first label", () -> !downstream.received.isEmpty());
        int polls = consumer.polls.get();
        await("more polls", () -> consumer.polls.get() >= polls + 10);
        assertEquals(List.of("labels-0@0"), names(downstream.received), "events held back");
        assertEquals(0, consumer.position(E0), "events partition rewound to its first held record");

        consumer.schedulePollTask(() -> {   // the next fetch: the missing label, and the events again after the seek
            consumer.addRecord(record(L0, 1));
            consumer.addRecord(record(E0, 0));
            consumer.addRecord(record(E0, 1));
        });
        await("4 records", () -> downstream.received.size() == 4);
        assertEquals(List.of("labels-0@0", "labels-0@1", "events-0@0", "events-0@1"), names(downstream.received));
    }

    @Test
    void boundedFluxCompletesOncePositionsReachTheEndOffsets() throws Exception {
        CompletableFuture<Map<TopicPartition, Long>> stopAt = new CompletableFuture<>();
        assignWith(List.of(E0), records(E0, 0, 3));
        downstream = subscribe(flux(stopAt), Long.MAX_VALUE);
        await("3 records", () -> downstream.received.size() == 3);

        stopAt.complete(Map.of(E0, 5L, L0, 0L));   // an empty partition (end offset 0) needs no position
        int polls = consumer.polls.get();
        await("more polls", () -> consumer.polls.get() >= polls + 10 || downstream.done.isDone());
        assertFalse(downstream.done.isDone(), "position 3 has not reached end offset 5");

        consumer.addRecord(record(E0, 3));
        consumer.addRecord(record(E0, 4));
        downstream.done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), offsets(downstream.received));
        assertEquals(List.of("revoked [events-0] {events-0=5}", "complete"), tail(2),
                "partitions handed back through the listener before the flux completes");
    }

    @Test
    void completingStopAtWithNoOffsetsEndsAnUnboundedFlux() throws Exception {
        CompletableFuture<Map<TopicPartition, Long>> stopAt = new CompletableFuture<>();
        assignWith(List.of(E0), records(E0, 0, 2));
        downstream = subscribe(flux(stopAt), Long.MAX_VALUE);
        await("2 records", () -> downstream.received.size() == 2);

        stopAt.complete(Map.of());
        downstream.done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of("revoked [events-0] {events-0=2}", "complete"), tail(2));
        await("the consumer to be closed", consumer::closed);
    }

    @Test
    void failedStopAtErrorsTheFlux() {
        CompletableFuture<Map<TopicPartition, Long>> stopAt = new CompletableFuture<>();
        assignWith(List.of(E0), records(E0, 0, 1));
        downstream = subscribe(flux(stopAt), Long.MAX_VALUE);
        await("1 record", () -> downstream.received.size() == 1);

        IllegalStateException failure = new IllegalStateException("producer gave up");
        stopAt.completeExceptionally(failure);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> downstream.done.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(causes(e.getCause()).contains(failure), () -> "flux error " + e.getCause());
        await("the consumer to be closed", consumer::closed);
    }

    @Test
    void listenerIsToldOfAssignmentAndOfRevocationWithTheOffsetsEmitted() {
        assignWith(List.of(E0, E1), List.of(record(E0, 0), record(E0, 1), record(E0, 2), record(E1, 0), record(E1, 1)));
        downstream = subscribe(flux(new CompletableFuture<>()), Long.MAX_VALUE);
        await("5 records", () -> downstream.received.size() == 5);
        assertEquals("assigned [events-0, events-1]", log.get(0));

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(E1)));
        await("events-0 revoked", () -> revocations().size() == 1);
        assertEquals(List.of("revoked [events-0] {events-0=3}"), revocations());
        consumer.addRecord(record(E1, 2));
        await("6 records", () -> downstream.received.size() == 6);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));
        await("events-1 revoked", () -> revocations().size() == 2);
        assertEquals("revoked [events-1] {events-1=3}", revocations().get(1));
        assertTrue(listener.betweenPolls.get() > 0);
        assertFalse(log.stream().anyMatch(s -> s.startsWith("lost")), () -> log.toString());
    }

    @Test
    void lostPartitionsAreReportedAsLostAndForgetTheirEmittedOffsets() {
        assignWith(List.of(E0), records(E0, 0, 2));
        downstream = subscribe(flux(new CompletableFuture<>()), Long.MAX_VALUE);
        await("2 records", () -> downstream.received.size() == 2);

        consumer.schedulePollTask(() -> consumer.losePartitions(List.of(E0)));
        await("events-0 lost", () -> log.contains("lost [events-0]"));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(E0)));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));
        await("events-0 revoked", () -> !revocations().isEmpty());
        assertEquals(List.of("revoked [events-0] {}"), revocations(), "no offset emitted since it came back");
    }

    @Test
    void cancellingLosesThePartitionsAndClosesTheConsumer() {
        assignWith(List.of(E0), records(E0, 0, 1));
        downstream = subscribe(flux(new CompletableFuture<>()), Long.MAX_VALUE);
        await("1 record", () -> downstream.received.size() == 1);

        downstream.dispose();
        await("the consumer to be closed", consumer::closed);
        assertTrue(log.contains("lost [events-0]"), () -> log.toString());
        assertEquals(List.of(), revocations());
    }

    // ---- fixtures

    private Flux<ConsumerRecord<String, String>> flux(CompletableFuture<Map<TopicPartition, Long>> stopAt) {
        return KafkaFlux.receive(() -> consumer, List.of(EVENTS, LABELS), LABELS, Duration.ofMillis(5), stopAt,
                listener);
    }

    private Recorder subscribe(Flux<ConsumerRecord<String, String>> flux, long initialRequest) {
        Recorder r = new Recorder(initialRequest);
        flux.subscribe(r);
        return r;
    }

    /** At the first poll (after the subscription), as a group would: assigns {@code partitions}, then fetches. */
    private void assignWith(List<TopicPartition> partitions, List<ConsumerRecord<String, String>> records) {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(partitions);
            for (ConsumerRecord<String, String> r : records) {
                consumer.addRecord(r);
            }
        });
    }

    /** While the poll thread keeps polling, its position stays at {@code position} and nothing more is delivered. */
    private void assertStaysAt(long position, int delivered) {
        int polls = consumer.polls.get();
        await("more polls while paused", () -> consumer.polls.get() >= polls + 20);
        assertEquals(position, consumer.position(E0));
        assertEquals(delivered, downstream.received.size());
        assertTrue(position - delivered <= 5, "overshoot is at most one poll batch");
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            sleep(1);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> tail(int n) {
        List<String> all = new ArrayList<>(log);
        all.removeIf(s -> s.startsWith("record"));
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    private List<String> revocations() {
        return log.stream().filter(s -> s.startsWith("revoked")).toList();
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    private static ConsumerRecord<String, String> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, "k", tp + "@" + offset);
    }

    private static List<ConsumerRecord<String, String>> records(TopicPartition tp, long from, int count) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(record(tp, from + i));
        }
        return out;
    }

    private static List<Long> offsets(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::offset).toList();
    }

    private static List<String> names(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static String sorted(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).sorted().toList().toString();
    }

    /**
     * A MockConsumer whose empty poll waits a millisecond (as a real one blocks) instead of spinning, that counts
     * polls, wake-ups and resumes, and can hand one topic's records back last within a poll.
     */
    private static final class TestConsumer extends MockConsumer<String, String> {
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger wakeups = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();
        /** The topics of each non-empty batch, in the order handed back. */
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        volatile String lastTopic;

        TestConsumer() {
            super("earliest");
        }

        @Override
        public ConsumerRecords<String, String> poll(Duration timeout) {
            ConsumerRecords<String, String> records;
            try {
                records = super.poll(timeout);
            } finally {
                polls.incrementAndGet();
            }
            if (records.isEmpty()) {
                sleep(1);
                return records;
            }
            Map<TopicPartition, List<ConsumerRecord<String, String>>> ordered = new LinkedHashMap<>();
            records.partitions().stream()
                    .sorted(Comparator.comparing((TopicPartition tp) -> tp.topic().equals(lastTopic))
                            .thenComparing(TopicPartition::toString))
                    .forEach(tp -> ordered.put(tp, records.records(tp)));
            ConsumerRecords<String, String> out = new ConsumerRecords<>(ordered, Map.of());
            List<String> topics = new ArrayList<>();
            out.forEach(r -> topics.add(r.topic()));
            batches.add(topics);
            return out;
        }

        @Override
        public synchronized void wakeup() {
            wakeups.incrementAndGet();
            super.wakeup();
        }

        @Override
        public synchronized void resume(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                resumes.incrementAndGet();
            }
            super.resume(partitions);
        }
    }

    /** Logs every call, with the emitted offsets of a revocation in partition order. */
    private final class RecordingListener implements PartitionListener {
        final AtomicInteger betweenPolls = new AtomicInteger();

        @Override
        public void assigned(Consumer<?, ?> c, Collection<TopicPartition> partitions) {
            log.add("assigned " + sorted(partitions));
        }

        @Override
        public void revoked(Consumer<?, ?> c, Collection<TopicPartition> partitions,
                            Map<TopicPartition, Long> emitted) {
            Map<String, Long> byName = new TreeMap<>();
            emitted.forEach((tp, offset) -> byName.put(tp.toString(), offset));
            log.add("revoked " + sorted(partitions) + " " + byName);
        }

        @Override
        public void lost(Collection<TopicPartition> partitions) {
            log.add("lost " + sorted(partitions));
        }

        @Override
        public void betweenPolls(Consumer<?, ?> c) {
            betweenPolls.incrementAndGet();
        }
    }

    /** Requests {@code initialRequest} records on subscription, then only what the test requests. */
    private final class Recorder extends BaseSubscriber<ConsumerRecord<String, String>> {
        final long initialRequest;
        final List<ConsumerRecord<String, String>> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Recorder(long initialRequest) {
            this.initialRequest = initialRequest;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(initialRequest);
        }

        @Override
        protected void hookOnNext(ConsumerRecord<String, String> record) {
            received.add(record);
            log.add("record " + record.value());
        }

        @Override
        protected void hookOnComplete() {
            log.add("complete");
            done.complete(null);
        }

        @Override
        protected void hookOnError(Throwable e) {
            log.add("error " + e);
            done.completeExceptionally(e);
        }
    }
}
