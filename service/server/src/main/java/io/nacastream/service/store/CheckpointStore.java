package io.nacastream.service.store;

import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where the service keeps its models and partition offsets: a compacted Kafka topic, a directory, or both. Saves may
 * be asynchronous; {@link #flush()} returns once every earlier save is durable. Safe for one writer thread and one
 * restoring thread at a time.
 */
public interface CheckpointStore extends AutoCloseable {

    /** What is stored for some partitions of an events topic. */
    record Stored(Map<Integer, PartitionCheckpoint> partitions, Map<String, ModelCheckpoint> models) {
    }

    /** Saves a model checkpoint (replacing the stream's previous one). */
    void save(ModelCheckpoint model);

    /** Saves a partition checkpoint (replacing the partition's previous one). */
    void save(PartitionCheckpoint partition);

    /** Blocks until every earlier save is durable; throws if one failed. */
    void flush();

    /**
     * The partition checkpoints and the newest model checkpoint of every stream of these partitions. Model entries
     * carry everything but the model bytes (empty); {@link #loadModel} reads those.
     */
    Stored load(String eventsTopic, Collection<Integer> partitions);

    /** The newest saved checkpoint of {@code streamId}, model bytes included, or null if none. */
    ModelCheckpoint loadModel(String streamId);

    /**
     * The newest saved checkpoint of {@code streamId} that {@code usable} accepts, trying older ones the store still
     * holds when a newer one is refused (corrupt or incompatible model bytes); null if none is usable.
     */
    default ModelCheckpoint loadModel(String streamId, Predicate<ModelCheckpoint> usable) {
        ModelCheckpoint m = loadModel(streamId);
        return m != null && usable.test(m) ? m : null;
    }

    /**
     * The instance's transaction was aborted: forget what was saved in it (a store outside the transaction has
     * nothing to forget).
     */
    default void discardUncommitted() {
    }

    /** Releases clients and files. */
    @Override
    void close();
}
