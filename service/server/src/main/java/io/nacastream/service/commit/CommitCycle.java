package io.nacastream.service.commit;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The learner thread's commit rhythm under {@code processing.guarantee=exactly_once}: every {@code commit.interval-ms}
 * (checked between records and from the idle timer) the open transaction is committed with the offsets the learner
 * has reached on every owned partition, so what it committed is exactly the outputs of the records below them. An
 * interval with no new record and no progress commits nothing. Learner thread only.
 */
public final class CommitCycle {

    private final TransactionalOutput output;
    private final Supplier<Map<TopicPartition, Long>> positions;
    private final Supplier<ConsumerGroupMetadata> group;
    private final long intervalMs;
    private final Clock clock;
    private final CommitListener listener;
    private long dueMs;
    private Map<TopicPartition, Long> lastCommitted = Map.of();

    /**
     * A cycle committing {@code output} every {@code interval} with the learner's {@code positions}, as the member
     * {@code group} says (its generation fences a member that lost its partitions), telling {@code listener}.
     */
    public CommitCycle(TransactionalOutput output, Supplier<Map<TopicPartition, Long>> positions,
                       Supplier<ConsumerGroupMetadata> group, Duration interval, Clock clock,
                       CommitListener listener) {
        this.output = output;
        this.positions = positions;
        this.group = group;
        this.intervalMs = interval.toMillis();
        this.clock = clock;
        this.listener = listener;
        this.dueMs = clock.millis() + intervalMs;
    }

    /** Commits if the interval has passed; throws {@link TransactionFailedException} if the commit was aborted. */
    public void commitIfDue() {
        if (clock.millis() >= dueMs) {
            commitNow(Map.of());
        }
    }

    /**
     * Commits now, with {@code released} (partitions just checkpointed and handed away, no longer among the owned
     * ones) added to the positions; throws {@link TransactionFailedException} if the commit was aborted.
     */
    public void commitNow(Map<TopicPartition, Long> released) {
        Map<TopicPartition, Long> offsets = new HashMap<>(positions.get());
        offsets.putAll(released);
        if (!output.hasNewRecords() && offsets.equals(lastCommitted)) {
            dueMs = clock.millis() + intervalMs;
            return;
        }
        ConsumerGroupMetadata member = group.get();
        if (member == null && !offsets.isEmpty()) {
            throw new IllegalStateException("offsets to commit before the consumer joined its group");
        }
        long t0 = System.nanoTime();
        try {
            output.commit(offsets, member);
        } finally {
            dueMs = clock.millis() + intervalMs;   // from the end of a commit: a slow one does not make the next due
        }
        lastCommitted = offsets;
        listener.committed(System.nanoTime() - t0);
    }

    /** Told of every commit. */
    @FunctionalInterface
    public interface CommitListener {
        /** A transaction committed in {@code nanos}. */
        void committed(long nanos);
    }
}
