package io.nacastream.service.stream;

import io.nacastream.learner.energy.OpCounts;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The models in memory, at most {@code maxLive}: the least recently used one is saved and dropped when another is
 * needed (models that cannot be saved are never dropped). Keeps the operation counts of dropped models so the
 * service's totals survive eviction. Learner thread only.
 */
final class ModelCache {

    private final LinkedHashMap<String, LiveModel> live = new LinkedHashMap<>(16, 0.75f, true);
    private final ModelRepository repository;
    private final ProcessingMetrics metrics;
    private final int maxLive;
    private final boolean evictable;
    private OpCounts retiredCounts = OpCounts.NONE;

    ModelCache(ModelRepository repository, ProcessingMetrics metrics, int maxLive, boolean evictable) {
        this.repository = repository;
        this.metrics = metrics;
        this.maxLive = Math.max(1, maxLive);
        this.evictable = evictable;
    }

    /** Model {@code modelId} of partition {@code ps}, loaded (and another evicted) if it is not in memory. */
    LiveModel get(PartitionState ps, String modelId) {
        LiveModel model = live.get(modelId);
        if (model != null && model.partition == ps) {
            return model;
        }
        if (model != null) {   // the stream's records moved to another partition: keep one model, save it first
            live.remove(modelId);
            retire(model);
        }
        model = repository.load(ps, modelId);
        live.put(modelId, model);
        while (evictable && live.size() > maxLive) {
            Iterator<LiveModel> eldest = live.values().iterator();
            LiveModel victim = eldest.next();
            eldest.remove();
            retire(victim);
            metrics.modelEvicted();
        }
        return model;
    }

    /** True if model {@code modelId} is in memory. */
    boolean contains(String modelId) {
        return live.containsKey(modelId);
    }

    /** The models in memory, least recently used first. */
    Collection<LiveModel> models() {
        return live.values();
    }

    /** Drops the models rolled back at the last save: their streams resume from their good checkpoint. */
    void dropRolledBack() {
        live.values().removeIf(m -> m.rolledBack);
    }

    /** Forgets the models of these partitions without saving them. */
    void drop(Collection<Integer> partitions) {
        for (Iterator<LiveModel> it = live.values().iterator(); it.hasNext(); ) {
            LiveModel m = it.next();
            if (partitions.contains(m.partition.partition)) {
                retiredCounts = retiredCounts.plus(m.addedCounts());
                it.remove();
            }
        }
    }

    /** Operations performed by this process on all models, in memory or gone. */
    OpCounts counts() {
        OpCounts total = retiredCounts;
        for (LiveModel m : live.values()) {
            total = total.plus(m.addedCounts());
        }
        return total;
    }

    private void retire(LiveModel model) {
        repository.saveLeaving(model);
        retiredCounts = retiredCounts.plus(model.addedCounts());
        repository.remember(model);
    }
}
