package io.nacastream.service.kafka;

import io.nacastream.ingest.kafka.PartitionListener;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.PartitionCheckpoint;
import io.nacastream.service.stream.PartitionState;
import io.nacastream.service.stream.StreamProcessor;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The poll thread's side of partition ownership. On assignment it restores each events/labels partition pair from
 * the checkpoint store, seeks both to their checkpointed offsets and notes the group's committed offsets, below which
 * outputs are already committed; on revocation it waits until the learner thread has processed every record already
 * handed to it, has the learner thread save the partitions, and commits their offsets (under exactly-once, in the
 * learner's transaction); between polls it commits offsets of completed periodic checkpoints (at-least-once only)
 * and samples the lag. Once {@link #retire() retired} (the service restarts from its last commit) it ignores its
 * consumer's last callbacks.
 */
public final class PartitionHandover implements PartitionListener {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionHandover.class);

    private final String eventsTopic;
    private final String labelsTopic;
    private final StreamProcessor processor;
    private final CheckpointStore store;
    private final Scheduler learnerThread;
    private final IntConsumer ownedPartitions;
    private final LongConsumer lag;
    private final Duration handoverTimeout;
    private final ConcurrentLinkedQueue<Map<TopicPartition, Long>> commits = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean joined = new AtomicBoolean();
    private final AtomicBoolean inputEnded = new AtomicBoolean();
    private final AtomicBoolean retired = new AtomicBoolean();
    private final CompletableFuture<Void> consumerClosed = new CompletableFuture<>();
    private final Transactional transactional;
    private volatile ConsumerGroupMetadata group;
    private long lastLagSampleNanos;

    /**
     * A hand-over of {@code processor}'s partitions, restored from {@code store}, run on {@code learnerThread};
     * {@code ownedPartitions} is told how many partitions are owned and {@code lag} the records not yet read.
     */
    public PartitionHandover(String eventsTopic, String labelsTopic, StreamProcessor processor, CheckpointStore store,
                             Scheduler learnerThread, IntConsumer ownedPartitions, LongConsumer lag,
                             Duration handoverTimeout) {
        this(eventsTopic, labelsTopic, processor, store, learnerThread, ownedPartitions, lag, handoverTimeout, null);
    }

    /**
     * As above; under exactly-once, {@code transactional} commits the learner's transaction at hand-over and hears of
     * lost partitions (null: at-least-once, offsets committed by the consumer).
     */
    public PartitionHandover(String eventsTopic, String labelsTopic, StreamProcessor processor, CheckpointStore store,
                             Scheduler learnerThread, IntConsumer ownedPartitions, LongConsumer lag,
                             Duration handoverTimeout, Transactional transactional) {
        this.transactional = transactional;
        this.eventsTopic = eventsTopic;
        this.labelsTopic = labelsTopic;
        this.processor = processor;
        this.store = store;
        this.learnerThread = learnerThread;
        this.ownedPartitions = ownedPartitions;
        this.lag = lag;
        this.handoverTimeout = handoverTimeout;
    }

    /**
     * The input is bounded and has been read to its end: partitions revoked from now on first have the segments
     * still open in their models scored and learned, as at the end of a recording.
     */
    public void inputEnded() {
        inputEnded.set(true);
    }

    /** True once the group has given this instance an assignment (possibly empty). */
    public boolean joined() {
        return joined.get();
    }

    /**
     * Offsets a completed checkpoint made safe; committed by the poll thread before its next poll (at-least-once;
     * under exactly-once offsets are committed only in the learner's transaction).
     */
    public void commitLater(Map<TopicPartition, Long> offsets) {
        if (!offsets.isEmpty() && transactional == null) {
            commits.add(offsets);
        }
    }

    /** The consumer's group membership as of its last assignment: what a transaction's offsets are committed as. */
    public ConsumerGroupMetadata group() {
        return group;
    }

    /**
     * Stops acting on the consumer's callbacks: the service is restarting from its last commit with a new consumer,
     * and what this one still reports (lost partitions, a last assignment) no longer applies.
     */
    public void retire() {
        retired.set(true);
    }

    /** Completes once the consumer has been closed (its poll thread has ended). */
    public CompletableFuture<Void> consumerClosed() {
        return consumerClosed;
    }

    @Override
    public void closed() {
        consumerClosed.complete(null);
    }

    @Override
    public void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (retired.get()) {
            return;
        }
        group = consumer.groupMetadata();
        Set<Integer> numbers = new TreeSet<>();
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(eventsTopic)) {
                numbers.add(tp.partition());
            }
        }
        if (!numbers.isEmpty()) {
            CheckpointStore.Stored stored = store.load(eventsTopic, numbers);
            for (int p : numbers) {
                restore(consumer, p, stored);
            }
        }
        joined.set(true);
        ownedPartitions.accept(processor.partitions().owned().size());
        LOG.info("event=partitions_assigned partitions={} owned={}", numbers, processor.partitions().owned());
    }

    private void restore(Consumer<?, ?> consumer, int p, CheckpointStore.Stored stored) {
        TopicPartition events = new TopicPartition(eventsTopic, p);
        TopicPartition labels = new TopicPartition(labelsTopic, p);
        boolean labelsOwned = consumer.assignment().contains(labels);
        if (!labelsOwned) {
            LOG.warn("event=labels_not_co_partitioned partition={} detail=\"{} has no partition {} assigned here; "
                    + "labels of this partition's streams will not be seen\"", p, labelsTopic, p);
        }
        PartitionCheckpoint cp = stored.partitions().get(p);
        if (cp != null) {
            consumer.seek(events, cp.eventsOffset());
            if (labelsOwned) {
                consumer.seek(labels, cp.labelsOffset());
            }
        } else if (transactional != null) {
            // committed offsets run ahead of checkpoints under exactly-once: without a partition checkpoint, the
            // partition's state is rebuilt from its first record (outputs below the committed offsets suppressed)
            consumer.seekToBeginning(labelsOwned ? List.of(events, labels) : List.of(events));
        }
        long eventsNext = ignoringWakeup(() -> consumer.position(events));
        long labelsNext = labelsOwned ? ignoringWakeup(() -> consumer.position(labels)) : 0;
        Map<TopicPartition, OffsetAndMetadata> committed = ignoringWakeup(() -> consumer.committed(
                labelsOwned ? Set.of(events, labels) : Set.of(events)));
        long eventsFence = fence(committed, events);
        long labelsFence = fence(committed, labels);
        var models = stored.models().values().stream().filter(m -> m.partition() == p).toList();
        processor.partitions().install(events, labelsOwned ? labels : null, eventsNext, labelsNext, eventsFence,
                labelsFence, cp, models);
        LOG.info("event=partition_restored partition={} events_offset={} labels_offset={} checkpoint={} "
                + "saved_models={} pending_labels={} replay_to_events={} replay_to_labels={}", p, eventsNext,
                labelsNext, cp != null, models.size(), cp == null ? 0 : cp.labels().size(), eventsFence, labelsFence);
    }

    /** The group's committed offset of {@code tp}: records below it had their outputs committed (0: none). */
    private static long fence(Map<TopicPartition, OffsetAndMetadata> committed, TopicPartition tp) {
        OffsetAndMetadata o = committed.get(tp);
        return o == null ? 0 : o.offset();
    }

    @Override
    public void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
                        Map<TopicPartition, Long> emitted) {
        if (retired.get()) {
            return;
        }
        group = consumer.groupMetadata();
        Set<Integer> numbers = new TreeSet<>();
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(eventsTopic) && processor.partitions().get(tp.partition()) != null) {
                numbers.add(tp.partition());
            }
        }
        if (numbers.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + handoverTimeout.toNanos();
        try {
            awaitProcessed(numbers, emitted, deadline);
            CompletableFuture<Map<TopicPartition, Long>> saved = new CompletableFuture<>();
            learnerThread.schedule(() -> {
                try {
                    if (inputEnded.get()) {
                        processor.finish(numbers);
                    }
                    Map<TopicPartition, Long> released = processor.checkpointer().release(numbers);
                    if (transactional != null) {
                        transactional.commitHandover(released);
                    }
                    saved.complete(released);
                } catch (Throwable e) {
                    saved.completeExceptionally(e);
                }
            });
            Map<TopicPartition, Long> offsets = awaitSaved(saved, deadline);
            if (transactional == null) {
                drainCommits(consumer, true);
                ignoringWakeup(() -> {
                    consumer.commitSync(toCommit(offsets));
                    return null;
                });
            }
            LOG.info("event=partitions_handed_over partitions={} offsets={}", numbers, offsets);
        } catch (Exception e) {
            // Not committing is safe: the checkpoint store, not the group's offsets, says where to resume.
            LOG.error("event=handover_failed partitions={} error=\"{}\"", numbers, e.toString());
            if (retired.get()) {
                return;   // a restart from the last commit drops every partition itself
            }
            if (transactional != null) {
                // the open transaction holds outputs of these partitions whose offsets will not be committed: it
                // must not commit, so the instance goes back to its last commit, as when partitions are lost
                transactional.partitionsLost(numbers);
            } else {
                learnerThread.schedule(() -> processor.checkpointer().drop(numbers));
            }
        } finally {
            ownedPartitions.accept(Math.max(0, processor.partitions().owned().size() - numbers.size()));
        }
    }

    /** The learner's hand-over result, waited for in short steps so a retirement is noticed. */
    private Map<TopicPartition, Long> awaitSaved(CompletableFuture<Map<TopicPartition, Long>> saved, long deadline)
            throws Exception {
        while (true) {
            try {
                return saved.get(Math.max(1, Math.min(50_000_000L, deadline - System.nanoTime())),
                        TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (retired.get() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(retired.get() ? "the service restarted from its last commit"
                            : "the learner did not save the partitions within " + handoverTimeout.toSeconds() + " s");
                }
            }
        }
    }

    private void awaitProcessed(Set<Integer> numbers, Map<TopicPartition, Long> emitted, long deadline)
            throws InterruptedException {
        for (Map.Entry<TopicPartition, Long> e : emitted.entrySet()) {
            PartitionState ps = processor.partitions().get(e.getKey().partition());
            if (ps == null || !numbers.contains(ps.partition())) {
                continue;
            }
            while (ps.next(e.getKey()) < e.getValue()) {
                if (retired.get()) {
                    throw new IllegalStateException("the service restarted from its last commit");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the learner did not finish " + e.getKey() + " up to offset "
                            + e.getValue() + " within " + handoverTimeout.toSeconds() + " s");
                }
                Thread.sleep(2);
            }
        }
    }

    @Override
    public void lost(Collection<TopicPartition> partitions) {
        if (retired.get()) {
            return;
        }
        Set<Integer> numbers = new TreeSet<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        LOG.warn("event=partitions_lost partitions={}", numbers);
        if (transactional != null) {
            // the open transaction holds outputs of the lost partitions: it must not commit, so every partition
            // goes back to the last commit
            transactional.partitionsLost(numbers);
        } else {
            learnerThread.schedule(() -> processor.checkpointer().drop(numbers));
        }
    }

    @Override
    public void betweenPolls(Consumer<?, ?> consumer) {
        if (transactional != null) {
            group = consumer.groupMetadata();
        }
        drainCommits(consumer, false);
        long now = System.nanoTime();
        if (now - lastLagSampleNanos > 1_000_000_000L) {
            lastLagSampleNanos = now;
            long lag = 0;
            for (TopicPartition tp : consumer.assignment()) {
                OptionalLong l = consumer.currentLag(tp);
                lag += l.orElse(0);
            }
            this.lag.accept(lag);
        }
    }

    private void drainCommits(Consumer<?, ?> consumer, boolean sync) {
        Map<TopicPartition, Long> merged = new HashMap<>();
        for (Map<TopicPartition, Long> m; (m = commits.poll()) != null; ) {
            m.forEach((tp, o) -> merged.merge(tp, o, Math::max));
        }
        merged.keySet().retainAll(consumer.assignment());
        if (merged.isEmpty()) {
            return;
        }
        if (sync) {
            ignoringWakeup(() -> {
                consumer.commitSync(toCommit(merged));
                return null;
            });
        } else {
            consumer.commitAsync(toCommit(merged), (offsets, e) -> {
                if (e != null) {
                    LOG.warn("event=commit_failed error=\"{}\"", e.toString());
                }
            });
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> toCommit(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        offsets.forEach((tp, o) -> out.put(tp, new OffsetAndMetadata(o)));
        return out;
    }

    /** What the hand-over needs from the exactly-once machinery. */
    public interface Transactional {
        /**
         * Learner thread, after partitions were checkpointed and released: commits the open transaction with their
         * final offsets {@code released} and the owned partitions' positions.
         */
        void commitHandover(Map<TopicPartition, Long> released);

        /** Poll thread: the group took partitions away without a hand-over; the open transaction must not commit. */
        void partitionsLost(Set<Integer> partitions);
    }

    /**
     * Runs a blocking consumer call, again once if a wake-up meant for the poll (new demand from downstream) cut it
     * short: the wake-up is spent by the exception, so the second call blocks as asked.
     */
    private static <T> T ignoringWakeup(Supplier<T> call) {
        try {
            return call.get();
        } catch (WakeupException e) {
            return call.get();
        }
    }
}
