package io.nacastream.service.kafka;

import io.nacastream.ingest.kafka.PartitionListener;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.PartitionCheckpoint;
import io.nacastream.service.stream.PartitionState;
import io.nacastream.service.stream.StreamProcessor;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
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
 * the checkpoint store and seeks both to their checkpointed offsets; on revocation it waits until the learner thread
 * has processed every record already handed to it, has the learner thread save the partitions, and commits their
 * offsets; between polls it commits offsets of completed periodic checkpoints and samples the lag.
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
    private long lastLagSampleNanos;

    /**
     * A hand-over of {@code processor}'s partitions, restored from {@code store}, run on {@code learnerThread};
     * {@code ownedPartitions} is told how many partitions are owned and {@code lag} the records not yet read.
     */
    public PartitionHandover(String eventsTopic, String labelsTopic, StreamProcessor processor, CheckpointStore store,
                             Scheduler learnerThread, IntConsumer ownedPartitions, LongConsumer lag,
                             Duration handoverTimeout) {
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

    /** Offsets a completed checkpoint made safe; committed by the poll thread before its next poll. */
    public void commitLater(Map<TopicPartition, Long> offsets) {
        if (!offsets.isEmpty()) {
            commits.add(offsets);
        }
    }

    @Override
    public void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
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
        }
        long eventsNext = ignoringWakeup(() -> consumer.position(events));
        long labelsNext = labelsOwned ? ignoringWakeup(() -> consumer.position(labels)) : 0;
        var models = stored.models().values().stream().filter(m -> m.partition() == p).toList();
        processor.partitions().install(events, labelsOwned ? labels : null, eventsNext, labelsNext, cp, models);
        LOG.info("event=partition_restored partition={} events_offset={} labels_offset={} checkpoint={} "
                + "saved_models={} pending_labels={}", p, eventsNext, labelsNext, cp != null, models.size(),
                cp == null ? 0 : cp.labels().size());
    }

    @Override
    public void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
                        Map<TopicPartition, Long> emitted) {
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
                    saved.complete(processor.checkpointer().release(numbers));
                } catch (Throwable e) {
                    saved.completeExceptionally(e);
                }
            });
            Map<TopicPartition, Long> offsets = saved.get(Math.max(1, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            drainCommits(consumer, true);
            ignoringWakeup(() -> {
                consumer.commitSync(toCommit(offsets));
                return null;
            });
            LOG.info("event=partitions_handed_over partitions={} offsets={}", numbers, offsets);
        } catch (Exception e) {
            // Not committing is safe: the checkpoint store, not the group's offsets, says where to resume.
            LOG.error("event=handover_failed partitions={} error=\"{}\"", numbers, e.toString());
            learnerThread.schedule(() -> processor.checkpointer().drop(numbers));
        } finally {
            ownedPartitions.accept(Math.max(0, processor.partitions().owned().size() - numbers.size()));
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
        Set<Integer> numbers = new TreeSet<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        LOG.warn("event=partitions_lost partitions={}", numbers);
        learnerThread.schedule(() -> processor.checkpointer().drop(numbers));
    }

    @Override
    public void betweenPolls(Consumer<?, ?> consumer) {
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
