package io.nacastream.service.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checkpoints kept in memory for the life of the process: the store of bounded runs (the main job, benchmarks),
 * which start afresh every time and read their final models back at the end.
 */
public final class MemoryCheckpointStore implements CheckpointStore {

    private final Map<String, ModelCheckpoint> models = new ConcurrentHashMap<>();
    private final Map<String, PartitionCheckpoint> partitions = new ConcurrentHashMap<>();

    @Override
    public void save(ModelCheckpoint model) {
        models.put(model.streamId(), model);
    }

    @Override
    public void save(PartitionCheckpoint partition) {
        partitions.put(partition.eventsTopic() + "/" + partition.partition(), partition);
    }

    @Override
    public void flush() {
        // every save is complete when it returns
    }

    @Override
    public Stored load(String eventsTopic, Collection<Integer> which) {
        Map<Integer, PartitionCheckpoint> parts = new HashMap<>();
        Map<String, ModelCheckpoint> index = new HashMap<>();
        partitions.values().stream().filter(p -> p.eventsTopic().equals(eventsTopic) && which.contains(p.partition()))
                .forEach(p -> parts.put(p.partition(), p));
        models.values().stream().filter(m -> m.eventsTopic().equals(eventsTopic) && which.contains(m.partition()))
                .forEach(m -> index.put(m.streamId(), DirectoryCheckpointStore.withoutModel(m)));
        return new Stored(parts, index);
    }

    @Override
    public ModelCheckpoint loadModel(String streamId) {
        return models.get(streamId);
    }

    /** Every model saved so far, newest save of each. */
    public Collection<ModelCheckpoint> models() {
        return models.values();
    }

    @Override
    public void close() {
    }
}
