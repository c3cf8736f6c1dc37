package io.nacastream.service.kafka;

import io.nacastream.service.metrics.ServiceMetrics;
import io.nacastream.service.stream.ModelHost;
import io.nacastream.service.stream.PartitionState;
import io.nacastream.ingest.kafka.PartitionListener;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.PartitionCheckpoint;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
    private final ModelHost host;
    private final CheckpointStore store;
    private final Scheduler learnerThread;
    private final ServiceMetrics metrics;
    private final Duration handoverTimeout;
    private final ConcurrentLinkedQueue<Map<TopicPartition, Long>> commits = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean joined = new AtomicBoolean();
    private long lastLagSampleNanos;

    public PartitionHandover(String eventsTopic, String labelsTopic, ModelHost host, CheckpointStore store,
                      Scheduler learnerThread, ServiceMetrics metrics, Duration handoverTimeout) {
        this.eventsTopic = eventsTopic;
        this.labelsTopic = labelsTopic;
        this.host = host;
        this.store = store;
        this.learnerThread = learnerThread;
        this.metrics = metrics;
        this.handoverTimeout = handoverTimeout;
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
        metrics.assigned(host.owned().size());
        LOG.info("event=partitions_assigned partitions={} owned={}", numbers, host.owned());
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
        long eventsNext = consumer.position(events);
        long labelsNext = labelsOwned ? consumer.position(labels) : 0;
        var models = stored.models().values().stream().filter(m -> m.partition() == p).toList();
        host.install(events, labelsOwned ? labels : null, eventsNext, labelsNext, cp, models);
        LOG.info("event=partition_restored partition={} events_offset={} labels_offset={} checkpoint={} "
                + "saved_models={} pending_labels={}", p, eventsNext, labelsNext, cp != null, models.size(),
                cp == null ? 0 : cp.labels().size());
    }

    @Override
    public void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
                        Map<TopicPartition, Long> emitted) {
        Set<Integer> numbers = new TreeSet<>();
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(eventsTopic) && host.partition(tp.partition()) != null) {
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
                    saved.complete(host.release(numbers));
                } catch (Throwable e) {
                    saved.completeExceptionally(e);
                }
            });
            Map<TopicPartition, Long> offsets = saved.get(Math.max(1, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            drainCommits(consumer, true);
            consumer.commitSync(toCommit(offsets));
            LOG.info("event=partitions_handed_over partitions={} offsets={}", numbers, offsets);
        } catch (Exception e) {
            // Not committing is safe: the checkpoint store, not the group's offsets, says where to resume.
            LOG.error("event=handover_failed partitions={} error=\"{}\"", numbers, e.toString());
            learnerThread.schedule(() -> host.drop(numbers));
        } finally {
            metrics.assigned(Math.max(0, host.owned().size() - numbers.size()));
        }
    }

    private void awaitProcessed(Set<Integer> numbers, Map<TopicPartition, Long> emitted, long deadline)
            throws InterruptedException {
        for (Map.Entry<TopicPartition, Long> e : emitted.entrySet()) {
            PartitionState ps = host.partition(e.getKey().partition());
            if (ps == null || !numbers.contains(ps.partition)) {
                continue;
            }
            boolean labels = e.getKey().topic().equals(labelsTopic);
            while ((labels ? ps.labelsNext : ps.eventsNext) < e.getValue()) {
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
        learnerThread.schedule(() -> host.drop(numbers));
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
            metrics.lag(lag);
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
            consumer.commitSync(toCommit(merged));
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
}
