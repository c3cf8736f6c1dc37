package io.nacastream.ingest.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Map;

/**
 * Told by {@link KafkaFlux}'s poll thread about the partitions it owns, with the consumer in hand (which only that
 * thread may use): to restore state and seek on assignment, to finish and checkpoint a partition before it is taken
 * away, and to commit offsets between polls.
 */
public interface PartitionListener {

    /** Partitions just assigned; the listener may {@code seek} them to where their state was checkpointed. */
    void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions);

    /**
     * Partitions about to be taken away (rebalance, shutdown). {@code emitted} holds, per partition, the offset after
     * the last record emitted downstream: the listener returns once downstream has finished those records and the
     * partitions' state is saved, and may commit synchronously.
     */
    void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Map<TopicPartition, Long> emitted);

    /** Partitions lost without a clean hand-over (the group moved on): drop their state, commit nothing. */
    void lost(Collection<TopicPartition> partitions);

    /** Called once per poll loop, between polls: commit offsets that became safe, sample lag. */
    void betweenPolls(Consumer<?, ?> consumer);

    /** Called once by the poll thread after it has closed the consumer. */
    default void closed() {
    }

    /** A listener that does nothing (the consumer's committed offsets and auto-commit rule). */
    PartitionListener NONE = new PartitionListener() {
        @Override
        public void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        }

        @Override
        public void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
                            Map<TopicPartition, Long> emitted) {
        }

        @Override
        public void lost(Collection<TopicPartition> partitions) {
        }

        @Override
        public void betweenPolls(Consumer<?, ?> consumer) {
        }
    };
}
