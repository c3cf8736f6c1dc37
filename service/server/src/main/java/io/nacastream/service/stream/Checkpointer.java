package io.nacastream.service.stream;

import io.nacastream.ingest.event.StreamClock;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.PartitionCheckpoint;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Checkpoints owned partitions: saves every model that learned since its last save, then each partition's offsets
 * and pending labels, waits until the store has them all, and returns the offsets now safe to commit. Also hands
 * partitions over (checkpoint, then forget) and forgets lost ones. Learner thread only.
 *
 * <p>Recovery rule: a model saved with {@code nextOffset} M holds every record of its streams below M. After a
 * restart from a partition checkpoint at P ≤ M, its streams' records in [P, M) are skipped, so none is learned twice;
 * a model without a save had no record below P, so none is lost.
 */
public final class Checkpointer {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    /** Label segments are kept this long past their stream's last event, in stream time, before they are forgotten. */
    private static final long LABEL_GRACE_US = 1_000_000;

    private final PartitionBook book;
    private final ModelCache cache;
    private final ModelRepository repository;
    private final CheckpointStore store;
    private final String eventsTopic;
    private final String labelsTopic;
    private final ProcessingMetrics metrics;
    private final Clock clock;

    Checkpointer(PartitionBook book, ModelCache cache, ModelRepository repository, CheckpointStore store,
                 String eventsTopic, String labelsTopic, ProcessingMetrics metrics, Clock clock) {
        this.book = book;
        this.cache = cache;
        this.repository = repository;
        this.store = store;
        this.eventsTopic = eventsTopic;
        this.labelsTopic = labelsTopic;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Checkpoints every owned partition; returns the offsets to commit. */
    public Map<TopicPartition, Long> checkpointAll() {
        return checkpoint(book.owned());
    }

    /** Checkpoints and forgets partitions handed to another owner; returns the offsets to commit. */
    public Map<TopicPartition, Long> release(Collection<Integer> which) {
        Map<TopicPartition, Long> offsets = checkpoint(which);
        drop(which);
        return offsets;
    }

    /** Forgets partitions (and their models in memory) without saving: they were lost. */
    public void drop(Collection<Integer> which) {
        cache.drop(which);
        book.remove(which);
    }

    private Map<TopicPartition, Long> checkpoint(Collection<Integer> which) {
        if (which.isEmpty()) {
            return Map.of();   // nothing owned yet (or any more): nothing to save, no checkpoint to count
        }
        long t0 = System.nanoTime();
        int models = 0;
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Integer p : which) {
            PartitionState ps = book.get(p);
            if (ps == null) {
                continue;
            }
            for (LiveModel m : cache.models()) {
                if (m.partition == ps) {
                    models += repository.save(m) ? 1 : 0;
                    pruneLabels(ps, m);
                }
            }
            store.save(new PartitionCheckpoint(eventsTopic, ps.partition, ps.eventsNext, labelsTopic, ps.labelsNext,
                    ps.labelBook.segments(), clock.millis()));
            offsets.putAll(ps.offsets());
        }
        cache.dropRolledBack();
        store.flush();
        long nanos = System.nanoTime() - t0;
        metrics.checkpointed(nanos);
        LOG.debug("event=checkpoint partitions={} models_saved={} ms={}", which, models, nanos / 1_000_000);
        return offsets;
    }

    private static void pruneLabels(PartitionState ps, LiveModel m) {
        for (StreamState s : m.streams.values()) {
            if (s.clock().lastUs() != StreamClock.NEVER) {
                ps.labelBook.prune(s.streamId(), s.clock().lastUs() - LABEL_GRACE_US);
            }
        }
    }
}
