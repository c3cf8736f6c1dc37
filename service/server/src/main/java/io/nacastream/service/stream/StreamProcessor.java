package io.nacastream.service.stream;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.EncoderState;
import io.nacastream.encoder.SpikeEncoder;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.event.StreamClock;
import io.nacastream.ingest.kafka.RecordOrigin;
import io.nacastream.ingest.kafka.RejectKind;
import io.nacastream.ingest.kafka.StreamItem;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.eval.PrequentialReport;
import io.nacastream.service.config.ModelScope;
import io.nacastream.service.dashboard.DashboardFeed;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.sink.EnergyReport;
import io.nacastream.sink.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one path every record takes, in the service, the main job and the end-to-end benchmarks: a label is checked
 * and booked (or waits for its stream's first events); a packet is routed to its model (loaded or created on first
 * sight), checked against its stream's clock, encoded into spikes and learned from; a refused record goes to the
 * dead-letter topic with the reason. Nothing throws. Learner thread only, except {@link #view()}.
 */
public final class StreamProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessor.class);

    /**
     * How the processor treats streams.
     *
     * @param eventsTopic   topic of event packets
     * @param labelsTopic   topic of label segments
     * @param scope         which streams share a model
     * @param maxLive       most models in memory
     * @param maxGapUs      a stream's largest forward jump in event time before its clock is doubted
     * @param resyncPackets packets on a new timeline after which a stream's clock accepts it
     * @param evaluationEverySegments segments between two evaluation records
     */
    public record Settings(String eventsTopic, String labelsTopic, ModelScope scope, int maxLive, long maxGapUs,
                           int resyncPackets, int evaluationEverySegments) {
    }

    private final Settings settings;
    private final EncoderConfig encoderConfig;
    private final PartitionBook book;
    private final ModelCache cache;
    private final Checkpointer checkpointer;
    private final SinkWriter sink;
    private final ProcessingMetrics metrics;
    private final DashboardFeed dashboard;
    private final PacketProbe probe;
    private final Clock clock;
    private final int classes;
    private final PrequentialReport evaluation;
    private final PublishingListener listener;
    private final String algorithm;
    private final EnergyModel energyModel;
    private final int energyEveryPackets;
    private final InputChecks.Resync onResync = this::resync;
    private final AtomicReference<ProcessorView> view = new AtomicReference<>(ProcessorView.EMPTY);
    private LiveModel learning;
    private long events;
    private long packets;

    private StreamProcessor(Builder b) {
        this.settings = b.settings;
        this.encoderConfig = b.encoder;
        this.sink = b.sink;
        this.metrics = b.metrics;
        this.dashboard = b.dashboard;
        this.probe = b.probe;
        this.clock = b.clock;
        this.classes = b.models.classes();
        this.book = new PartitionBook(b.orphanTimeoutMs);
        CheckpointWriter writer = new CheckpointWriter(b.store);
        ModelRepository repository = new ModelRepository(b.models, writer, settings.eventsTopic(), metrics, clock);
        this.cache = new ModelCache(repository, metrics, settings.maxLive(), b.models.checkpointable());
        this.checkpointer = new Checkpointer(book, cache, repository, writer, settings.eventsTopic(),
                settings.labelsTopic(), metrics, clock);
        this.evaluation = new PrequentialReport(classes);
        this.algorithm = b.models.algorithm();
        this.energyModel = b.energyModel;
        this.energyEveryPackets = Math.max(1, b.energyEveryPackets);
        Consumer<SegmentResult> onSegment = b.onSegment;
        this.listener = new PublishingListener(evaluation, sink, clock, b.models.algorithm(),
                settings.evaluationEverySegments(), r -> {
                    metrics.segment(r.learned());
                    onSegment.accept(r);
                }, dashboard);
    }

    /** A processor with these settings, reading models from {@code models} and saving them to {@code store}. */
    public static Builder builder(Settings settings, EncoderConfig encoder, ModelFactory models, CheckpointStore store,
                                  SinkWriter sink, Clock clock) {
        return new Builder(settings, encoder, models, store, sink, clock);
    }

    /** The partitions the processor owns; the poll thread installs them on assignment. */
    public PartitionBook partitions() {
        return book;
    }

    /** Saves models and partitions; hands partitions over. */
    public Checkpointer checkpointer() {
        return checkpointer;
    }

    /** Applies one decoded record; bad input goes to the dead-letter topic, nothing throws. */
    public void handle(StreamItem item) {
        RecordOrigin origin = item.origin();
        PartitionState ps = book.get(origin.partition());
        if (ps == null) {
            return;   // a record of a partition handed away (lost) while it was queued: its new owner has it
        }
        sink.replaying(ps.replaying(origin.topic(), origin.offset()));
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
        } finally {
            sink.replaying(false);
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
        if (!known(ps, stream) && !ps.orphans.note(label, clock.millis())) {
            deadLetter(label.reject(RejectKind.ORPHAN_LABEL, "more than " + PartitionBook.MAX_ORPHAN_LABELS_PER_STREAM
                    + " labels wait for stream " + stream + ", which has sent no events"));
            return;
        }
        ps.labelBook.add(label.segment());
    }

    /** True if {@code stream} has sent events to this model's memory, or (one model per stream) has a saved model. */
    private boolean known(PartitionState ps, String stream) {
        String modelId = modelId(ps, stream);
        if (settings.scope() == ModelScope.STREAM) {
            return cache.contains(modelId) || ps.stored.containsKey(modelId);
        }
        return cache.contains(modelId) && cache.get(ps, modelId).streams.containsKey(stream);
    }

    /** The id of the model that learns {@code stream} of {@code ps}; no allocation on the per-packet path. */
    private String modelId(PartitionState ps, String stream) {
        return settings.scope() == ModelScope.STREAM ? stream : ps.partitionModelId;
    }

    /**
     * Dead-letters the labels of streams that sent no events within the orphan timeout and drops them from the
     * label books.
     */
    public void expireOrphanLabels() {
        long now = clock.millis();
        for (PartitionState ps : book.states()) {
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
        String streamId = packet.sensorId();
        LiveModel model = cache.get(ps, modelId(ps, streamId));
        if (origin.offset() < model.resumeOffset) {
            metrics.replaySkipped(packet.size());
            return;   // already in the restored model
        }
        StreamState stream = model.streams.get(streamId);
        if (stream == null) {
            stream = newStream(ps, model, streamId);
        }
        learning = model;
        listener.model(model);
        StreamItem.Rejected refused = InputChecks.clock(stream.clock(), item, onResync);
        if (refused != null) {
            deadLetter(refused);
            return;
        }
        SpikeTrain spikes;
        try {
            spikes = SpikeEncoder.encodeReusing(packet, encoderConfig, stream.encoder());
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
        probe.learned(origin, packet.size());
        dashboard.packet(packet, latencyMs);
        if (packets % energyEveryPackets == 0) {
            sink.energy(energy());
        }
    }

    /** The energy report of everything this process has learned so far. */
    public EnergyReport energy() {
        return EnergyReport.of(clock.millis(), algorithm, counts(), energyModel);
    }

    private StreamState newStream(PartitionState ps, LiveModel model, String streamId) {
        long lastUs = settings.scope() == ModelScope.STREAM ? model.loadedLastEventUs : StreamClock.NEVER;
        StreamState s = new StreamState(streamId, encoderOf(model, streamId),
                new StreamClock(settings.maxGapUs(), settings.resyncPackets(), lastUs));
        model.streams.put(streamId, s);
        ps.orphans.claimed(streamId);
        return s;
    }

    /** The stream's encoder state restored with its model, or a fresh one (also if the saved one does not fit). */
    private EncoderState encoderOf(LiveModel model, String streamId) {
        byte[] saved = model.restoredEncoders.remove(streamId);
        if (saved != null) {
            try {
                return EncoderState.fromBytes(encoderConfig, saved);
            } catch (IllegalArgumentException e) {
                LOG.warn("event=encoder_state_refused model={} stream={} error=\"{}\"; its filters start afresh",
                        model.modelId, streamId, e.getMessage());
            }
        }
        return new EncoderState(encoderConfig);
    }

    /** A stream's clock restarted: score its open segment, start its neurons and encoder afresh, keep its weights. */
    private void resync(String streamId, long fromUs, long toUs) {
        LiveModel model = learning;
        LOG.warn("event=stream_clock_resync stream={} partition={} from_us={} to_us={}", streamId,
                model.partition.partition, fromUs, toUs);
        model.learner.resetStream(streamId, listener);
        model.streams.get(streamId).encoder().reset();   // its filter history, not its geometry
        metrics.clockResync();
    }

    /**
     * The input of these partitions has ended (a bounded run): scores the segments still open in their models, as
     * if every stream had stopped, so they are learned from and saved at the hand-over that follows, and publishes
     * the final evaluation of each of their models in memory.
     */
    public void finish(Collection<Integer> partitions) {
        for (LiveModel m : cache.models()) {
            if (partitions.contains(m.partition.partition)) {
                listener.model(m);
                m.learner.finish(listener);
                m.dirty = true;
                listener.publishEvaluation(m);
            }
        }
    }

    /** Operations performed by this process on all models, in memory or gone. */
    public OpCounts counts() {
        return cache.counts();
    }

    /** The running evaluation of every verdict so far (read it on the learner thread, or after the run). */
    public PrequentialReport evaluation() {
        return evaluation;
    }

    /** Publishes a fresh {@link ProcessorView} for the HTTP and metrics threads, and returns it. */
    public ProcessorView refreshView() {
        List<ProcessorView.ModelInfo> models = new ArrayList<>();
        for (LiveModel m : cache.models()) {
            models.add(new ProcessorView.ModelInfo(m.modelId, m.partition.partition, m.origin, m.events, m.packets,
                    m.lastEventUs(), m.savedAtMs));
        }
        List<Integer> owned = new ArrayList<>(book.owned());
        owned.sort(null);
        ProcessorView v = new ProcessorView(List.copyOf(models), List.copyOf(owned), counts(), events, packets,
                evaluation.learned().accuracy(), evaluation.learned().instances(), evaluation.heldOut().accuracy(),
                evaluation.heldOut().instances());
        view.set(v);
        return v;
    }

    /** The newest view (any thread). */
    public ProcessorView view() {
        return view.get();
    }

    /** Assembles a processor; what is not set does nothing. */
    public static final class Builder {
        private final Settings settings;
        private final EncoderConfig encoder;
        private final ModelFactory models;
        private final CheckpointStore store;
        private final SinkWriter sink;
        private final Clock clock;
        private ProcessingMetrics metrics = ProcessingMetrics.NONE;
        private DashboardFeed dashboard = DashboardFeed.NONE;
        private PacketProbe probe = PacketProbe.NONE;
        private Consumer<SegmentResult> onSegment = r -> { };
        private long orphanTimeoutMs = 3_600_000;
        private EnergyModel energyModel = EnergyModel.horowitz45nm();
        private int energyEveryPackets = 200;

        private Builder(Settings settings, EncoderConfig encoder, ModelFactory models, CheckpointStore store,
                        SinkWriter sink, Clock clock) {
            this.settings = settings;
            this.encoder = encoder;
            this.models = models;
            this.store = store;
            this.sink = sink;
            this.clock = clock;
        }

        /** Reports counters to {@code m}. */
        public Builder metrics(ProcessingMetrics m) {
            this.metrics = m;
            return this;
        }

        /** Shows packets, predictions and verdicts on {@code d}. */
        public Builder dashboard(DashboardFeed d) {
            this.dashboard = d;
            return this;
        }

        /** Tells {@code p} about every packet learned from. */
        public Builder probe(PacketProbe p) {
            this.probe = p;
            return this;
        }

        /** Tells {@code c} about every segment verdict. */
        public Builder onSegment(Consumer<SegmentResult> c) {
            this.onSegment = c;
            return this;
        }

        /** Dead-letters labels of streams that send no events within {@code ms} of wall time. */
        public Builder orphanTimeoutMs(long ms) {
            this.orphanTimeoutMs = ms;
            return this;
        }

        /** Prices operations with {@code model} and publishes an energy report every {@code everyPackets} packets. */
        public Builder energy(EnergyModel model, int everyPackets) {
            this.energyModel = model;
            this.energyEveryPackets = everyPackets;
            return this;
        }

        /** The processor. */
        public StreamProcessor build() {
            return new StreamProcessor(this);
        }
    }
}
