package io.nacastream.service.store;

import java.util.Collection;
import java.util.function.Predicate;

/** Saves to a primary store and a mirror (e.g. the Kafka topic and a directory); reads from the primary only. */
public final class MirroredCheckpointStore implements CheckpointStore {

    private final CheckpointStore primary;
    private final CheckpointStore mirror;

    /** Saves go to both stores; loads come from {@code primary}. */
    public MirroredCheckpointStore(CheckpointStore primary, CheckpointStore mirror) {
        this.primary = primary;
        this.mirror = mirror;
    }

    @Override
    public void save(ModelCheckpoint model) {
        primary.save(model);
        mirror.save(model);
    }

    @Override
    public void save(PartitionCheckpoint partition) {
        primary.save(partition);
        mirror.save(partition);
    }

    @Override
    public void flush() {
        primary.flush();
        mirror.flush();
    }

    @Override
    public Stored load(String eventsTopic, Collection<Integer> partitions) {
        return primary.load(eventsTopic, partitions);
    }

    @Override
    public ModelCheckpoint loadModel(String streamId) {
        return primary.loadModel(streamId);
    }

    @Override
    public ModelCheckpoint loadModel(String streamId, Predicate<ModelCheckpoint> usable) {
        return primary.loadModel(streamId, usable);
    }

    @Override
    public void discardUncommitted() {
        primary.discardUncommitted();
        mirror.discardUncommitted();
    }

    @Override
    public void close() {
        try {
            primary.close();
        } finally {
            mirror.close();
        }
    }
}
