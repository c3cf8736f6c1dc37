package io.nacastream.service.stream;

import io.nacastream.ingest.event.StreamClock;
import io.nacastream.service.store.PartitionCheckpoint;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Checkpoints owned partitions: saves every model that learned since its last save, then each partition's offsets
 * and pending labels, and once the store has them all returns the offsets now safe to commit. The learner thread
 * only copies each model's state; encoding and writing run on the checkpoint thread ({@link CheckpointWriter}), so
 * a periodic checkpoint ({@link #checkpointAllAsync}) does not hold up learning. Also hands partitions over
 * (checkpoint, wait, then forget) and forgets lost ones. Called on the learner thread only.
 *
 * <p>Recovery rule: a model saved with {@code nextOffset} M holds every record of its streams below M. After a
 * restart from a partition checkpoint at P ≤ M, its streams' records in [P, M) are skipped, so none is learned twice;
 * a model without a save had no record below P, so none is lost. A partition checkpoint is written after its models'
 * saves, in order, and counts as done only when the flush after it completes.
 */
public final class Checkpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    /** Label segments are kept this long past their stream's last event, in stream time, before they are forgotten. */
    private static final long LABEL_GRACE_US = 1_000_000;

    private final PartitionBook book;
    private final ModelCache cache;
    private final ModelRepository repository;
    private final CheckpointWriter writer;
    private final String eventsTopic;
    private final String labelsTopic;
    private final ProcessingMetrics metrics;
    private final Clock clock;
    private CompletableFuture<Map<TopicPartition, Long>> inFlight = CompletableFuture.completedFuture(Map.of());
    /** Set when a checkpoint failed: the next one saves every model again, not only those that learned since. */
    private volatile boolean failed;

    Checkpointer(PartitionBook book, ModelCache cache, ModelRepository repository, CheckpointWriter writer,
                 String eventsTopic, String labelsTopic, ProcessingMetrics metrics, Clock clock) {
        this.book = book;
        this.cache = cache;
        this.repository = repository;
        this.writer = writer;
        this.eventsTopic = eventsTopic;
        this.labelsTopic = labelsTopic;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Checkpoints every owned partition and waits until it is durable; returns the offsets to commit. */
    public Map<TopicPartition, Long> checkpointAll() {
        return CheckpointWriter.join(start(book.owned()));
    }

    /**
     * Starts a checkpoint of every owned partition and returns at once; {@code onDurable} gets the offsets to
     * commit, on the checkpoint thread, once the store has everything. Skipped (false) while the previous one is
     * still being written. A failure is logged and makes the next checkpoint save every model.
     */
    public boolean checkpointAllAsync(Consumer<Map<TopicPartition, Long>> onDurable) {
        if (!inFlight.isDone()) {
            LOG.debug("event=checkpoint_skipped reason=\"the previous checkpoint is still being written\"");
            return false;
        }
        inFlight = start(book.owned());
        inFlight.whenComplete((offsets, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                LOG.error("event=checkpoint_failed error=\"{}\"; retried at the next interval", cause.toString());
            } else {
                onDurable.accept(offsets);
            }
        });
        return true;
    }

    /** Checkpoints and forgets partitions handed to another owner; returns the offsets to commit. */
    public Map<TopicPartition, Long> release(Collection<Integer> which) {
        Map<TopicPartition, Long> offsets = CheckpointWriter.join(start(which));
        drop(which);
        return offsets;
    }

    /** Blocks until every checkpoint write asked for so far (saves of evicted models too) has run. */
    public void awaitWrites() {
        writer.awaitWrites();
    }

    /** Forgets partitions (and their models in memory) without saving: they were lost. */
    public void drop(Collection<Integer> which) {
        cache.drop(which);
        book.remove(which);
    }

    /** Writes what was asked for, then stops the checkpoint thread (the store is closed by its owner). */
    @Override
    public void close() {
        writer.close();
    }

    private CompletableFuture<Map<TopicPartition, Long>> start(Collection<Integer> which) {
        if (which.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());   // nothing owned (yet, or any more): nothing to save
        }
        long t0 = System.nanoTime();
        boolean all = failed;
        failed = false;
        int models = 0;
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Integer p : which) {
            PartitionState ps = book.get(p);
            if (ps == null) {
                continue;
            }
            for (LiveModel m : cache.models()) {
                if (m.partition == ps) {
                    if (all && !m.rolledBack) {
                        m.dirty = true;
                    }
                    models += repository.save(m) ? 1 : 0;
                    pruneLabels(ps, m);
                }
            }
            writer.save(new PartitionCheckpoint(eventsTopic, ps.partition, ps.eventsNext, labelsTopic, ps.labelsNext,
                    ps.labelBook.segments(), clock.millis()));
            offsets.putAll(ps.offsets());
        }
        cache.dropRolledBack();
        long copiedNanos = System.nanoTime() - t0;
        int saved = models;
        return writer.flush().handle((v, e) -> {
            if (e != null) {
                failed = true;
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            long nanos = System.nanoTime() - t0;
            for (int i = 0; i < saved; i++) {
                metrics.modelSaved();   // counted once durable
            }
            metrics.checkpointed(nanos);
            LOG.debug("event=checkpoint partitions={} models_saved={} ms={} learner_thread_ms={}", which, saved,
                    nanos / 1_000_000, copiedNanos / 1_000_000);
            return offsets;
        });
    }

    private static void pruneLabels(PartitionState ps, LiveModel m) {
        for (StreamState s : m.streams.values()) {
            if (s.clock().lastUs() != StreamClock.NEVER) {
                ps.labelBook.prune(s.streamId(), s.clock().lastUs() - LABEL_GRACE_US);
            }
        }
    }
}
