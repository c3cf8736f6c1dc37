package io.nacastream.service.stream;

import io.nacastream.ingest.event.StreamClock;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.health.NetworkHealth;
import io.nacastream.service.store.ModelCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Loads and saves models: restores a model from its newest usable checkpoint (older ones are tried when a newer one
 * is refused) or starts it from its base, saves a model with the offset it reflects, and rolls a model whose weights
 * stopped being finite back to its last good checkpoint instead of saving it. Learner thread only.
 */
final class ModelRepository {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);

    private final ModelFactory factory;
    private final CheckpointWriter store;
    private final String eventsTopic;
    private final ProcessingMetrics metrics;
    private final Clock clock;

    ModelRepository(ModelFactory factory, CheckpointWriter store, String eventsTopic, ProcessingMetrics metrics,
                    Clock clock) {
        this.factory = factory;
        this.store = store;
        this.eventsTopic = eventsTopic;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Model {@code modelId} of partition {@code ps}: restored if it was saved and can be, else from its base. */
    LiveModel load(PartitionState ps, String modelId) {
        if (ps.stored.remove(modelId) != null) {
            try {
                LiveModel restored = restore(ps, modelId);
                if (restored != null) {
                    return restored;
                }
                LOG.error("event=model_restore_failed model={} partition={} error=\"no usable checkpoint is left in "
                        + "the store\"; starting from its base", modelId, ps.partition);
            } catch (RuntimeException e) {
                LOG.error("event=model_restore_failed model={} partition={} error=\"{}\"; starting from its base",
                        modelId, ps.partition, e.getMessage());
            }
            metrics.restoreFailed();
        }
        ModelFactory.Start start = factory.create(modelId, ps.labelBook);
        metrics.modelCreated();
        LOG.debug("event=model_created model={} partition={} base={}", modelId, ps.partition, start.base());
        return new LiveModel(modelId, ps, start.learner(), start.base(), 0, 0, 0, StreamClock.NEVER, factory.classes());
    }

    /** The model from its newest usable checkpoint (refused ones are logged), or null if none is. */
    private LiveModel restore(PartitionState ps, String modelId) {
        OnlineLearner[] decoded = new OnlineLearner[1];
        ModelCheckpoint saved = store.loadModel(modelId, candidate -> {
            try {
                decoded[0] = factory.restore(candidate.model(), ps.labelBook);
                return true;
            } catch (RuntimeException e) {
                LOG.error("event=checkpoint_refused model={} events={} saved_at_ms={} error=\"{}\"; trying an older "
                        + "one", modelId, candidate.events(), candidate.wallTimeMs(), e.getMessage());
                return false;
            }
        });
        if (saved == null) {
            return null;
        }
        LiveModel model = new LiveModel(modelId, ps, decoded[0], "checkpoint", saved.nextOffset(), saved.events(),
                saved.packets(), saved.lastEventUs(), factory.classes());
        model.savedAtMs = saved.wallTimeMs();
        model.restoredEncoders.putAll(saved.encoders());
        try {
            model.restoreEvaluation(saved.evaluation());
        } catch (IllegalArgumentException e) {
            LOG.warn("event=evaluation_state_refused model={} error=\"{}\"; its evaluation starts afresh", modelId,
                    e.getMessage());
        }
        metrics.modelRestored();
        LOG.debug("event=model_restored model={} partition={} events={} next_offset={}", modelId, ps.partition,
                saved.events(), saved.nextOffset());
        return model;
    }

    /**
     * Saves the model if it learned since its last save and can be saved; true if it was. The model's state is
     * copied here and encoded and written on the checkpoint thread ({@link CheckpointWriter}); it is durable once a
     * later flush completes. A model whose weights or potentials are no longer finite is not saved: it is marked
     * rolled back, and its partition falls back to its last good checkpoint.
     */
    boolean save(LiveModel model) {
        if (!model.dirty || !factory.checkpointable()) {
            return false;
        }
        NetworkHealth health = factory.health(model.learner);
        if (health != null) {
            metrics.weightGrowth(health.maxGrowth());
            if (!health.finite()) {
                rollBack(model, health);
                return false;
            }
        }
        long now = clock.millis();
        PartitionState ps = model.partition;
        String id = model.modelId;
        int partition = ps.partition;
        long nextOffset = ps.eventsNext;
        long events = model.events;
        long packets = model.packets;
        long lastEventUs = model.lastEventUs();
        Supplier<byte[]> bytes = factory.snapshot(model.learner);
        Map<String, byte[]> encoders = model.encoderStates();
        byte[] evaluation = model.evaluationState();
        store.saveModel(() -> new ModelCheckpoint(id, eventsTopic, partition, nextOffset, events, packets,
                lastEventUs, now, bytes.get(), encoders, evaluation));
        model.dirty = false;
        model.savedAtMs = now;
        return true;
    }

    /**
     * Saves a model leaving memory and flushes the store behind it at once (the store will hold its only copy); the
     * save is counted once durable.
     */
    void saveLeaving(LiveModel model) {
        if (save(model)) {
            store.flushThen(metrics::modelSaved);
        }
    }

    /** Where a model leaving memory lies now, for its partition to restore it from when its streams come back. */
    void remember(LiveModel model) {
        if (model.rolledBack || !factory.checkpointable() || model.savedAtMs < 0) {
            return;   // a rolled-back model's partition already lists its good checkpoint; others have none
        }
        PartitionState ps = model.partition;
        ps.stored.put(model.modelId, new ModelCheckpoint(model.modelId, eventsTopic, ps.partition, ps.eventsNext,
                model.events, model.packets, model.lastEventUs(), model.savedAtMs, new byte[0]));
    }

    private void rollBack(LiveModel model, NetworkHealth health) {
        metrics.numericFault();
        ModelCheckpoint good = store.loadModel(model.modelId);
        LOG.error("event=model_not_finite model={} partition={} detail=\"{}\" action=\"{}\"", model.modelId,
                model.partition.partition, health, good == null ? "restarting from its base"
                        : "rolled back to its checkpoint of " + good.events() + " events");
        model.dirty = false;
        model.rolledBack = true;
        if (good != null) {
            model.partition.stored.put(model.modelId, good);
        }
    }
}
