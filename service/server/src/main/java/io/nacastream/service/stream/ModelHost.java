package io.nacastream.service.stream;

import io.nacastream.service.metrics.ServiceMetrics;
import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.EncoderState;
import io.nacastream.encoder.SpikeEncoder;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.event.StreamClock;
import io.nacastream.ingest.kafka.RecordOrigin;
import io.nacastream.ingest.kafka.RejectKind;
import io.nacastream.ingest.kafka.StreamItem;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.eval.PrequentialReport;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NetworkHealth;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import io.nacastream.service.store.PartitionCheckpoint;
import io.nacastream.service.dashboard.DashboardFeed;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
                           boolean countOps, int evaluationEverySegments, long maxGapUs, int resyncPackets,
                           long orphanTimeoutMs, int replayLimit) {
    }

    /** Most labels that wait for a stream's first events; later ones are dead-lettered at once. */
    static final int MAX_ORPHAN_LABELS_PER_STREAM = 10_000;

    /** A read-only view of one live model, for the model-info endpoint. */
    public record ModelInfo(String streamId, int partition, String origin, long events, long packets,
                            long lastEventUs, long savedAtMs) {
    }

    /** What the host holds, refreshed by {@link #refreshView()} for threads other than the learner's. */
    public record View(List<ModelInfo> models, List<Integer> partitions, OpCounts counts, long events, long packets,
                       double learnedAccuracy, long learnedSegments, double heldOutAccuracy, long heldOutSegments) {
        public static final View EMPTY = new View(List.of(), List.of(), OpCounts.NONE, 0, 0, Double.NaN, 0, Double.NaN, 0);
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
    private final int classes;
    private final PrequentialReport evaluation;
    private final LearnerListener listener;
    private final DashboardFeed dashboard;
    private final AtomicReference<View> view = new AtomicReference<>(View.EMPTY);
    private final InputChecks.Resync onResync = this::resync;
    private OpCounts retiredCounts = OpCounts.NONE;
    private long events;
    private long packets;

    /** A host saving to {@code store} and publishing through {@code sink}. */
    public ModelHost(Settings settings, EncoderConfig encoderConfig, BaseModels bases, CheckpointStore store,
                     SinkWriter sink, ServiceMetrics metrics, Clock clock) {
        this(settings, encoderConfig, bases, store, sink, metrics, clock, DashboardFeed.NONE);
    }

    /** As above, also feeding the live {@code dashboard}. */
    public ModelHost(Settings settings, EncoderConfig encoderConfig, BaseModels bases, CheckpointStore store,
                     SinkWriter sink, ServiceMetrics metrics, Clock clock, DashboardFeed dashboard) {
        this.dashboard = dashboard;
        this.settings = settings;
        this.encoderConfig = encoderConfig;
        this.bases = bases;
        this.store = store;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.classes = bases.freshConfig().classes();
        this.evaluation = new PrequentialReport(classes);
        this.listener = new PublishingListener(evaluation, sink, clock, "naca", settings.evaluationEverySegments(),
                result -> metrics.segment(result.learned()), dashboard);
    }

    /** Poll thread: takes ownership of a partition pair restored from {@code checkpoint} (null: none). */
    public void install(TopicPartition events, TopicPartition labels, long eventsNext, long labelsNext,
                 PartitionCheckpoint checkpoint, Collection<ModelCheckpoint> models) {
        PartitionState state = new PartitionState(events, labels, eventsNext, labelsNext,
                new OrphanLabels(settings.orphanTimeoutMs(), MAX_ORPHAN_LABELS_PER_STREAM));
        if (checkpoint != null) {
            checkpoint.labels().forEach(state.labelBook::add);
        }
        for (ModelCheckpoint m : models) {
            state.stored.put(m.streamId(), m);
        }
        partitions.put(state.partition, state);
    }

    /** The state of an owned partition, or null. */
    public PartitionState partition(int partition) {
        return partitions.get(partition);
    }

    /** Partitions owned right now. */
    public Collection<Integer> owned() {
        return List.copyOf(partitions.keySet());
    }

    /** Learner thread: applies one decoded record; bad input goes to the dead-letter topic, nothing throws. */
    public void handle(StreamItem item) {
        RecordOrigin origin = item.origin();
        PartitionState ps = partitions.get(origin.partition());
        if (ps == null) {
            return;   // a record of a partition handed away (lost) while it was queued: its new owner has it
        }
        try {
            if (item instanceof StreamItem.Label label) {
                label(ps, label);
            } else if (item instanceof StreamItem.Packet p) {
                learn(ps, p);
            } else if (item instanceof StreamItem.Rejected r) {
                deadLetter(r);
            }
        } catch (RuntimeException e) {   // a defect, not bad input: keep the stream going and say so loudly
            LOG.error("event=processing_failed topic={} partition={} offset={}", origin.topic(), origin.partition(),
                    origin.offset(), e);
            deadLetter(item.reject(RejectKind.PROCESSING_FAILURE, "processing failed: " + e));
        }
        if (origin.topic().equals(settings.labelsTopic())) {
            ps.labelsNext = origin.offset() + 1;
        } else {
            ps.eventsNext = origin.offset() + 1;
        }
    }

    private void deadLetter(StreamItem.Rejected r) {
        sink.deadLetter(InputChecks.deadLetter(r));
        metrics.deadLetter(r.kind());
    }

    private void label(PartitionState ps, StreamItem.Label label) {
        StreamItem.Rejected unknown = InputChecks.unknownClass(label, classes);
        if (unknown != null) {
            deadLetter(unknown);
            return;
        }
        String stream = label.segment().streamId();
        if (!live.containsKey(stream) && !ps.stored.containsKey(stream)
                && !ps.orphans.note(label, clock.millis())) {
            deadLetter(label.reject(RejectKind.ORPHAN_LABEL, "more than " + MAX_ORPHAN_LABELS_PER_STREAM
                    + " labels wait for stream " + stream + ", which has sent no events"));
            return;
        }
        ps.labelBook.add(label.segment());
    }

    /**
     * Learner thread: dead-letters the labels of streams that sent no events within the orphan timeout and drops
     * them from the label books.
     */
    public void expireOrphanLabels() {
        long now = clock.millis();
        for (PartitionState ps : partitions.values()) {
            ps.orphans.expire(now, (stream, labels) -> {
                ps.labelBook.prune(stream, Long.MAX_VALUE);
                for (StreamItem.Label l : labels) {
                    deadLetter(l.reject(RejectKind.ORPHAN_LABEL, "label of stream " + stream + ", which sent no "
                            + "events to partition " + ps.partition + " within " + ps.orphans.timeoutMs() / 1000
                            + " s (unknown stream, or labels not co-partitioned with its events)"));
                }
            });
        }
    }

    private void learn(PartitionState ps, StreamItem.Packet item) {
        EventPacket packet = item.packet();
        RecordOrigin origin = item.origin();
        StreamModel model = model(ps, packet.sensorId());
        if (origin.offset() < model.resumeOffset) {
            metrics.replaySkipped(packet.size());
            return;   // already in the restored model
        }
        StreamItem.Rejected refused = InputChecks.clock(model.clock, item, onResync);
        if (refused != null) {
            deadLetter(refused);
            return;
        }
        SpikeTrain spikes;
        try {
            spikes = SpikeEncoder.encodeReusing(packet, encoderConfig, model.encoder);
        } catch (IllegalArgumentException e) {   // another geometry than the stream's, or a sensor without the ROI
            deadLetter(item.reject(InputChecks.encoderRejection(e), e.getMessage()));
            return;
        }
        model.learner.process(spikes, listener);
        model.events += packet.size();
        model.packets++;
        model.dirty = true;
        events += packet.size();
        packets++;
        long latencyMs = clock.millis() - origin.timestampMs();
        metrics.packet(packet.size(), spikes.size(), latencyMs);
        dashboard.packet(packet, latencyMs);
    }

    /** A stream's clock restarted: score its open segment, start its neurons and encoder afresh, keep its weights. */
    private void resync(String streamId, long fromUs, long toUs) {
        StreamModel model = live.get(streamId);
        LOG.warn("event=stream_clock_resync stream={} partition={} from_us={} to_us={}", streamId,
                model.partition.partition, fromUs, toUs);
        model.learner.resetStream(streamId, listener);
        model.encoder.reset();   // its filter history, not its geometry
        metrics.clockResync();
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
        ps.orphans.claimed(streamId);
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
                StreamModel restored = restore(ps, streamId);
                if (restored != null) {
                    return restored;
                }
                LOG.error("event=model_restore_failed stream={} partition={} error=\"no usable checkpoint is left in "
                        + "the store\"; starting from its base", streamId, ps.partition);
            } catch (RuntimeException e) {
                LOG.error("event=model_restore_failed stream={} partition={} error=\"{}\"; starting from its base",
                        streamId, ps.partition, e.getMessage());
            }
            metrics.restoreFailed();
        }
        BaseModels.Start start = bases.start(streamId);
        NacaLearner learner = new NacaLearner(start.network(), ps.labelBook, settings.predictionIntervalUs(),
                settings.countOps(), settings.replayLimit());
        metrics.modelCreated();
        LOG.debug("event=model_created stream={} partition={} base={}", streamId, ps.partition, start.base());
        return new StreamModel(streamId, ps, learner, new EncoderState(encoderConfig), start.base(), 0, 0, 0,
                clock(StreamClock.NEVER));
    }

    /** The stream's model from its newest usable checkpoint (refused ones are logged), or null if none is. */
    private StreamModel restore(PartitionState ps, String streamId) {
        Checkpoint.Model[] decoded = new Checkpoint.Model[1];
        ModelCheckpoint saved = store.loadModel(streamId, candidate -> {
            try {
                decoded[0] = compatible(Checkpoint.decode(candidate.model()));
                return true;
            } catch (RuntimeException e) {
                LOG.error("event=checkpoint_refused stream={} events={} saved_at_ms={} error=\"{}\"; trying an older "
                        + "one", streamId, candidate.events(), candidate.wallTimeMs(), e.getMessage());
                return false;
            }
        });
        if (saved == null) {
            return null;
        }
        Checkpoint.Model m = decoded[0];
        NacaLearner learner = new NacaLearner(m.network(), ps.labelBook, settings.predictionIntervalUs(),
                settings.countOps(), settings.replayLimit());
        learner.restoreCounts(m.counts());
        m.pending().forEach(learner::restorePending);
        StreamModel model = new StreamModel(streamId, ps, learner, new EncoderState(encoderConfig), "checkpoint",
                saved.nextOffset(), saved.events(), saved.packets(), clock(saved.lastEventUs()));
        model.savedAtMs = saved.wallTimeMs();
        metrics.modelRestored();
        LOG.debug("event=model_restored stream={} partition={} events={} next_offset={}", streamId, ps.partition,
                saved.events(), saved.nextOffset());
        return model;
    }

    /**
     * {@code m} if its network takes this service's inputs and classes (and, if it records them, the same input grid
     * and class names) and its weights are finite; the checkpoint is refused otherwise.
     */
    private Checkpoint.Model compatible(Checkpoint.Model m) {
        var want = bases.freshConfig();
        var have = m.network().config();
        if (have.preSize(0) != want.preSize(0) || have.classes() != want.classes()) {
            throw new IllegalArgumentException("incompatible model: " + have.preSize(0) + " inputs and "
                    + have.classes() + " classes, this service has " + want.preSize(0) + " and " + want.classes());
        }
        String mismatch = m.schema().map(s -> s.mismatch(bases.schema())).orElse(null);
        if (mismatch != null) {
            throw new IllegalArgumentException("incompatible model: " + mismatch);
        }
        NetworkHealth health = NetworkHealth.of(m.network(), 0);
        if (!health.finite()) {
            throw new IllegalArgumentException("model with NaN or infinite weights: " + health);
        }
        return m;
    }

    private StreamClock clock(long lastEventUs) {
        return new StreamClock(settings.maxGapUs(), settings.resyncPackets(), lastEventUs);
    }

    /** Saves a model leaving memory (if it learned since its last save) and remembers where it lies. */
    private void retire(StreamModel model) {
        save(model);
        retiredCounts = retiredCounts.plus(model.addedCounts());
        if (model.rolledBack) {
            return;   // its stream resumes from the good checkpoint rollBack listed
        }
        PartitionState ps = model.partition;
        ps.stored.put(model.streamId, new ModelCheckpoint(model.streamId, settings.eventsTopic(), ps.partition,
                ps.eventsNext, model.events, model.packets, model.lastEventUs(), model.savedAtMs, new byte[0]));
    }

    /**
     * Saves the model if it learned since its last save; true if it did. A model whose weights or potentials are no
     * longer finite is not saved: it is dropped and its stream falls back to its last good checkpoint.
     */
    private boolean save(StreamModel model) {
        if (!model.dirty) {
            return false;
        }
        NetworkHealth health = NetworkHealth.of(model.learner);
        metrics.weightGrowth(health.maxGrowth());
        if (!health.finite()) {
            rollBack(model, health);
            return false;
        }
        long now = clock.millis();
        PartitionState ps = model.partition;
        store.save(new ModelCheckpoint(model.streamId, settings.eventsTopic(), ps.partition, ps.eventsNext,
                model.events, model.packets, model.lastEventUs(), now,
                Checkpoint.encode(model.learner.network(), model.learner.counts(), bases.schema(),
                        model.learner.pending())));
        model.dirty = false;
        model.savedAtMs = now;
        metrics.modelSaved();
        return true;
    }

    private void rollBack(StreamModel model, NetworkHealth health) {
        metrics.numericFault();
        ModelCheckpoint good = store.loadModel(model.streamId);
        LOG.error("event=model_not_finite stream={} partition={} detail=\"{}\" action=\"{}\"", model.streamId,
                model.partition.partition, health, good == null ? "restarting from its base"
                        : "rolled back to its checkpoint of " + good.events() + " events");
        model.dirty = false;
        model.rolledBack = true;
        if (good != null) {
            model.partition.stored.put(model.streamId, good);
        }
    }

    /**
     * Saves every model that learned since its last save and every partition's offsets and pending labels, waits
     * until the store has them, and returns the offsets now safe to commit.
     */
    public Map<TopicPartition, Long> checkpointAll() {
        return checkpoint(partitions.keySet());
    }

    private Map<TopicPartition, Long> checkpoint(Collection<Integer> which) {
        if (which.isEmpty()) {
            return Map.of();   // nothing owned yet (or any more): nothing to save, no checkpoint to count
        }
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
                    if (m.lastEventUs() != StreamClock.NEVER) {
                        ps.labelBook.prune(m.streamId, m.lastEventUs() - LABEL_GRACE_US);
                    }
                }
            }
            store.save(new PartitionCheckpoint(settings.eventsTopic(), ps.partition, ps.eventsNext,
                    settings.labelsTopic(), ps.labelsNext, ps.labelBook.segments(), clock.millis()));
            offsets.putAll(ps.offsets());
        }
        live.values().removeIf(m -> m.rolledBack);
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
            models.add(new ModelInfo(m.streamId, m.partition.partition, m.origin, m.events, m.packets, m.lastEventUs(),
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
