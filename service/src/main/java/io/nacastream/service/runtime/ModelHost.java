package io.nacastream.service.runtime;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.EncoderState;
import io.nacastream.encoder.SpikeEncoder;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.kafka.RecordOrigin;
import io.nacastream.ingest.kafka.StreamItem;
import io.nacastream.ingest.wire.PacketCodec;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.eval.PrequentialReport;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.service.PublishingListener;
import io.nacastream.service.checkpoint.CheckpointStore;
import io.nacastream.service.checkpoint.ModelCheckpoint;
import io.nacastream.service.checkpoint.PartitionCheckpoint;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models of every owned partition: one NACA learner per stream, created on first sight from its base or restored
 * from its checkpoint, at most {@code maxLive} in memory (the least recently used is saved and dropped), saved with
 * the offsets they reflect. All methods but {@link #install} and the read-only views run on the learner thread.
 *
 * <p>Recovery rule: a model saved with {@code nextOffset} M holds every record of its stream below M. After a restart
 * from a partition checkpoint at P ≤ M, the stream's records in [P, M) are skipped, so none is learned twice; a
 * stream without a saved model had no record below P, so none is lost.
 */
public final class ModelHost {

    private static final Logger LOG = LoggerFactory.getLogger(ModelHost.class);
    /** Label segments are kept this long past their end, in stream time, before they are forgotten. */
    private static final long LABEL_GRACE_US = 1_000_000;

    /** Where the host keeps its models and how it treats them. */
    public record Settings(String eventsTopic, String labelsTopic, int maxLive, long predictionIntervalUs,
                           boolean countOps, int evaluationEverySegments) {
    }

    /** A read-only view of one live model, for the model-info endpoint. */
    public record ModelInfo(String streamId, int partition, String origin, long events, long packets,
                            long lastEventUs, long savedAtMs) {
    }

    /** What the host holds, refreshed by {@link #refreshView()} for threads other than the learner's. */
    public record View(List<ModelInfo> models, List<Integer> partitions, OpCounts counts, long events, long packets,
                       double learnedAccuracy, long learnedSegments, double heldOutAccuracy, long heldOutSegments) {
        static final View EMPTY = new View(List.of(), List.of(), OpCounts.NONE, 0, 0, Double.NaN, 0, Double.NaN, 0);
    }

    private final Settings settings;
    private final EncoderConfig encoderConfig;
    private final BaseModels bases;
    private final CheckpointStore store;
    private final SinkWriter sink;
    private final ServiceMetrics metrics;
    private final Clock clock;
    private final Map<Integer, PartitionState> partitions = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, StreamModel> live = new LinkedHashMap<>(16, 0.75f, true);
    private final PrequentialReport evaluation;
    private final LearnerListener listener;
    private final AtomicReference<View> view = new AtomicReference<>(View.EMPTY);
    private OpCounts retiredCounts = OpCounts.NONE;
    private long events;
    private long packets;

    /** A host saving to {@code store} and publishing through {@code sink}. */
    public ModelHost(Settings settings, EncoderConfig encoderConfig, BaseModels bases, CheckpointStore store,
                     SinkWriter sink, ServiceMetrics metrics, Clock clock) {
        this.settings = settings;
        this.encoderConfig = encoderConfig;
        this.bases = bases;
        this.store = store;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.evaluation = new PrequentialReport(bases.freshConfig().classes());
        this.listener = new PublishingListener(evaluation, sink, clock, "naca", settings.evaluationEverySegments(),
                result -> metrics.segment(result.learned()));
    }

    /** Poll thread: takes ownership of a partition pair restored from {@code checkpoint} (null: none). */
    void install(PartitionState state, PartitionCheckpoint checkpoint, Collection<ModelCheckpoint> models) {
        if (checkpoint != null) {
            checkpoint.labels().forEach(state.labelBook::add);
        }
        for (ModelCheckpoint m : models) {
            state.stored.put(m.streamId(), m);
        }
        partitions.put(state.partition, state);
    }

    /** The state of an owned partition, or null. */
    PartitionState partition(int partition) {
        return partitions.get(partition);
    }

    /** Partitions owned right now. */
    Collection<Integer> owned() {
        return List.copyOf(partitions.keySet());
    }

    /** Learner thread: applies one decoded record. */
    public void handle(StreamItem item) {
        RecordOrigin origin = item.origin();
        PartitionState ps = partitions.get(origin.partition());
        if (ps == null) {
            return;   // a record of a partition handed away (lost) while it was queued: its new owner has it
        }
        boolean fromLabels = origin.topic().equals(settings.labelsTopic());
        if (item instanceof StreamItem.Label label) {
            ps.labelBook.add(label.segment());
        } else if (item instanceof StreamItem.Packet p) {
            learn(ps, p.packet(), origin);
        } else if (item instanceof StreamItem.Rejected r) {
            sink.deadLetter(r);
            metrics.deadLetter();
        }
        if (fromLabels) {
            ps.labelsNext = origin.offset() + 1;
        } else {
            ps.eventsNext = origin.offset() + 1;
        }
    }

    private void learn(PartitionState ps, EventPacket packet, RecordOrigin origin) {
        StreamModel model = model(ps, packet.sensorId());
        if (origin.offset() < model.resumeOffset) {
            metrics.replaySkipped(packet.size());
            return;   // already in the restored model
        }
        SpikeTrain spikes;
        try {
            spikes = SpikeEncoder.encodeReusing(packet, encoderConfig, model.encoder);
        } catch (IllegalArgumentException e) {   // e.g. a sensor larger than the encoder is configured for
            sink.deadLetter(new StreamItem.Rejected(e.getMessage(), packet.sensorId().getBytes(StandardCharsets.UTF_8),
                    PacketCodec.encode(packet), origin));
            metrics.deadLetter();
            return;
        }
        model.learner.process(spikes, listener);
        model.events += packet.size();
        model.packets++;
        if (!packet.isEmpty()) {
            model.lastEventUs = Math.max(model.lastEventUs, packet.lastTimestampUs());
        }
        model.dirty = true;
        events += packet.size();
        packets++;
        metrics.packet(packet.size(), spikes.size(), clock.millis() - origin.timestampMs());
    }

    private StreamModel model(PartitionState ps, String streamId) {
        StreamModel model = live.get(streamId);
        if (model != null && model.partition == ps) {
            return model;
        }
        if (model != null) {   // the stream's records moved to another partition: keep one model, save it first
            retire(model);
        }
        model = restoreOrCreate(ps, streamId);
        live.put(streamId, model);
        while (live.size() > Math.max(1, settings.maxLive())) {
            Iterator<StreamModel> eldest = live.values().iterator();
            StreamModel victim = eldest.next();
            eldest.remove();
            retire(victim);
            metrics.modelEvicted();
        }
        return model;
    }

    private StreamModel restoreOrCreate(PartitionState ps, String streamId) {
        if (ps.stored.remove(streamId) != null) {
            try {
                return restore(ps, streamId);
            } catch (RuntimeException e) {
                metrics.restoreFailed();
                LOG.error("event=model_restore_failed stream={} partition={} error=\"{}\"; starting from its base",
                        streamId, ps.partition, e.getMessage());
            }
        }
        BaseModels.Start start = bases.start(streamId);
        NacaLearner learner = new NacaLearner(start.network(), ps.labelBook, settings.predictionIntervalUs(),
                settings.countOps());
        metrics.modelCreated();
        LOG.debug("event=model_created stream={} partition={} base={}", streamId, ps.partition, start.base());
        return new StreamModel(streamId, ps, learner, new EncoderState(encoderConfig), start.base(), 0, 0, 0);
    }

    private StreamModel restore(PartitionState ps, String streamId) {
        ModelCheckpoint saved = store.loadModel(streamId);
        if (saved == null) {
            throw new IllegalStateException("its checkpoint is listed but could not be found in the store");
        }
        Checkpoint.Model m = Checkpoint.decode(saved.model());
        NacaLearner learner = new NacaLearner(m.network(), ps.labelBook, settings.predictionIntervalUs(),
                settings.countOps());
        learner.restoreCounts(m.counts());
        StreamModel model = new StreamModel(streamId, ps, learner, new EncoderState(encoderConfig), "checkpoint",
                saved.nextOffset(), saved.events(), saved.packets());
        model.lastEventUs = saved.lastEventUs();
        model.savedAtMs = saved.wallTimeMs();
        metrics.modelRestored();
        LOG.debug("event=model_restored stream={} partition={} events={} next_offset={}", streamId, ps.partition,
                saved.events(), saved.nextOffset());
        return model;
    }

    /** Saves a model leaving memory (if it learned since its last save) and remembers where it lies. */
    private void retire(StreamModel model) {
        save(model);
        retiredCounts = retiredCounts.plus(model.addedCounts());
        PartitionState ps = model.partition;
        ps.stored.put(model.streamId, new ModelCheckpoint(model.streamId, settings.eventsTopic(), ps.partition,
                ps.eventsNext, model.events, model.packets, model.lastEventUs, model.savedAtMs, new byte[0]));
    }

    /** Saves the model if it learned since its last save; true if it did. */
    private boolean save(StreamModel model) {
        if (!model.dirty) {
            return false;
        }
        long now = clock.millis();
        PartitionState ps = model.partition;
        store.save(new ModelCheckpoint(model.streamId, settings.eventsTopic(), ps.partition, ps.eventsNext,
                model.events, model.packets, model.lastEventUs, now,
                Checkpoint.encode(model.learner.network(), model.learner.counts())));
        model.dirty = false;
        model.savedAtMs = now;
        metrics.modelSaved();
        return true;
    }

    /**
     * Saves every model that learned since its last save and every partition's offsets and pending labels, waits
     * until the store has them, and returns the offsets now safe to commit.
     */
    public Map<TopicPartition, Long> checkpointAll() {
        return checkpoint(partitions.keySet());
    }

    private Map<TopicPartition, Long> checkpoint(Collection<Integer> which) {
        long t0 = System.nanoTime();
        int models = 0;
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Integer p : which) {
            PartitionState ps = partitions.get(p);
            if (ps == null) {
                continue;
            }
            for (StreamModel m : live.values()) {
                if (m.partition == ps) {
                    models += save(m) ? 1 : 0;
                    if (m.lastEventUs != Long.MIN_VALUE) {
                        ps.labelBook.prune(m.streamId, m.lastEventUs - LABEL_GRACE_US);
                    }
                }
            }
            store.save(new PartitionCheckpoint(settings.eventsTopic(), ps.partition, ps.eventsNext,
                    settings.labelsTopic(), ps.labelsNext, ps.labelBook.segments(), clock.millis()));
            offsets.putAll(ps.offsets());
        }
        store.flush();
        long nanos = System.nanoTime() - t0;
        metrics.checkpointed(nanos);
        LOG.debug("event=checkpoint partitions={} models_saved={} ms={}", which, models, nanos / 1_000_000);
        return offsets;
    }

    /** Saves and drops the models and state of partitions handed to another owner; returns offsets to commit. */
    public Map<TopicPartition, Long> release(Collection<Integer> which) {
        Map<TopicPartition, Long> offsets = checkpoint(which);
        drop(which);
        return offsets;
    }

    /** Forgets partitions (and their live models) without saving. */
    public void drop(Collection<Integer> which) {
        for (Iterator<StreamModel> it = live.values().iterator(); it.hasNext(); ) {
            StreamModel m = it.next();
            if (which.contains(m.partition.partition)) {
                retiredCounts = retiredCounts.plus(m.addedCounts());
                it.remove();
            }
        }
        which.forEach(partitions::remove);
    }


    /** Operations performed by this process on all models, live or gone. */
    public OpCounts counts() {
        OpCounts total = retiredCounts;
        for (StreamModel m : live.values()) {
            total = total.plus(m.addedCounts());
        }
        return total;
    }

    /** Learner thread: publishes a fresh {@link View} for the HTTP and metrics threads. */
    public View refreshView() {
        List<ModelInfo> models = new ArrayList<>(live.size());
        for (StreamModel m : live.values()) {
            models.add(new ModelInfo(m.streamId, m.partition.partition, m.origin, m.events, m.packets, m.lastEventUs,
                    m.savedAtMs));
        }
        List<Integer> owned = new ArrayList<>(partitions.keySet());
        owned.sort(null);
        View v = new View(List.copyOf(models), List.copyOf(owned), counts(), events, packets,
                evaluation.learned().accuracy(), evaluation.learned().instances(), evaluation.heldOut().accuracy(),
                evaluation.heldOut().instances());
        view.set(v);
        return v;
    }

    /** The newest view (any thread). */
    public View view() {
        return view.get();
    }
}
