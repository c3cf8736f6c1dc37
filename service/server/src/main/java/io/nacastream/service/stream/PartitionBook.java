package io.nacastream.service.stream;

import io.nacastream.service.store.ModelCheckpoint;
import io.nacastream.service.store.PartitionCheckpoint;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions this instance owns right now. Installed by the poll thread on assignment, read and dropped by the
 * learner thread.
 */
public final class PartitionBook {

    /** Most labels that wait for a stream's first events; later ones are dead-lettered at once. */
    static final int MAX_ORPHAN_LABELS_PER_STREAM = 10_000;

    private final Map<Integer, PartitionState> partitions = new ConcurrentHashMap<>();
    private final long orphanTimeoutMs;

    /** A book whose partitions keep labels of unseen streams for {@code orphanTimeoutMs} of wall time. */
    public PartitionBook(long orphanTimeoutMs) {
        this.orphanTimeoutMs = orphanTimeoutMs;
    }

    /**
     * Poll thread: takes ownership of a partition pair, resuming at the given offsets with the labels and the saved
     * models of {@code checkpoint} (null: none) and {@code models}; records below the fences had their outputs
     * committed already.
     */
    public void install(TopicPartition events, TopicPartition labels, long eventsNext, long labelsNext,
                        long eventsFence, long labelsFence, PartitionCheckpoint checkpoint,
                        Collection<ModelCheckpoint> models) {
        PartitionState state = new PartitionState(events, labels, eventsNext, labelsNext, eventsFence, labelsFence,
                new OrphanLabels(orphanTimeoutMs, MAX_ORPHAN_LABELS_PER_STREAM));
        if (checkpoint != null) {
            checkpoint.labels().forEach(state.labelBook::add);
        }
        for (ModelCheckpoint m : models) {
            state.stored.put(m.streamId(), m);
        }
        partitions.put(state.partition, state);
    }

    /** The state of an owned partition, or null. */
    public PartitionState get(int partition) {
        return partitions.get(partition);
    }

    /** Partitions owned right now, in no particular order. */
    public List<Integer> owned() {
        return List.copyOf(partitions.keySet());
    }

    /** The states of the owned partitions. */
    Collection<PartitionState> states() {
        return partitions.values();
    }

    /** Learner thread: the offsets to commit for every owned partition ({@link PartitionState#offsets()}). */
    public Map<TopicPartition, Long> offsets() {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (PartitionState ps : partitions.values()) {
            out.putAll(ps.offsets());
        }
        return out;
    }

    /** Forgets these partitions. */
    void remove(Collection<Integer> which) {
        which.forEach(partitions::remove);
    }
}
