package io.nacastream.bench;

import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.ModelConfigs;
import io.nacastream.service.stream.InputChecks;
import io.nacastream.service.stream.PublishingListener;
import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.EncoderState;
import io.nacastream.encoder.SpikeEncoder;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.event.StreamClock;
import io.nacastream.ingest.kafka.KafkaFlux;
import io.nacastream.ingest.kafka.RecordDecoder;
import io.nacastream.ingest.kafka.RecordOrigin;
import io.nacastream.ingest.kafka.StreamItem;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.npy.NpyExport;
import io.nacastream.learner.eval.PrequentialReport;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.service.dashboard.DashboardFeed;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.sink.EnergyReport;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The streaming job: events and labels topics → decode → encoder → NACA learner → sink topics. One poll thread
 * feeds one learner thread through a bounded Reactor queue (backpressure pauses the consumer). Runs until the
 * {@code stopAt} offsets are reached or the run is cancelled.
 */
public final class Pipeline {

    /** What a run did. */
    public record Summary(long packets, long spikes, long events, PrequentialReport evaluation, EnergyReport energy,
                          long deadLetters, double wallSeconds) {

        /** Input events processed per wall-clock second. */
        public double eventsPerSecond() {
            return wallSeconds <= 0 ? 0 : events / wallSeconds;
        }
    }

    /** Told on the learner thread when a packet has been learned from; benchmarks measure latency with it. */
    @FunctionalInterface
    public interface PacketProbe {
        /** The packet of {@code events} events from record {@code origin} is now in the model. */
        void learned(RecordOrigin origin, int events);

        /** A probe that does nothing. */
        PacketProbe NONE = (origin, events) -> {
        };
    }

    private final ServiceConfig config;
    private final String bootstrap;
    private final PacketProbe probe;
    private final DashboardFeed dashboard;
    private final SinkWriter sink;
    private final Clock clock;
    private final EncoderConfig encoderConfig;
    private final OnlineLearner learner;
    private final LabelBook labels = new LabelBook();
    private final EnergyModel energyModel;
    private final Map<String, EncoderState> encoderStates = new HashMap<>();
    private final Map<String, StreamClock> clocks = new HashMap<>();
    private final long maxGapUs;
    private final int resyncPackets;
    private final ClassNames classes;
    private final PrequentialReport evaluation;
    private final int energyEveryPackets;
    private final int evaluationEverySegments;
    private long packets;
    private long events;

    /** A pipeline reading from {@code bootstrap} and writing through {@code sink}. */
    public Pipeline(ServiceConfig config, String bootstrap, SinkWriter sink, Clock clock) {
        this(config, bootstrap, sink, clock, PacketProbe.NONE);
    }

    /** A pipeline that also tells {@code probe} about every packet learned from. */
    public Pipeline(ServiceConfig config, String bootstrap, SinkWriter sink, Clock clock, PacketProbe probe) {
        this(config, bootstrap, sink, clock, probe, DashboardFeed.NONE);
    }

    /** A pipeline that also shows what it learns on {@code dashboard}. */
    public Pipeline(ServiceConfig config, String bootstrap, SinkWriter sink, Clock clock, PacketProbe probe,
                    DashboardFeed dashboard) {
        this.dashboard = dashboard;
        this.probe = probe;
        this.config = config;
        this.bootstrap = bootstrap;
        this.sink = sink;
        this.clock = clock;
        this.encoderConfig = ModelConfigs.encoder(config);
        this.classes = ModelConfigs.classes(config);
        this.evaluation = new PrequentialReport(classes.count());
        this.learner = Learners.create(config, encoderConfig.inputCount(), labels,
                config.longValue("prediction.interval-ms") * 1000);
        this.energyModel = ModelConfigs.energy(config);
        this.energyEveryPackets = Math.max(1, config.integer("energy.interval-packets"));
        this.evaluationEverySegments = Math.max(1, config.integer("evaluation.interval-segments"));
        this.maxGapUs = config.longValue("stream.max-gap-ms") * 1000;
        this.resyncPackets = config.integer("stream.resync-packets");
    }

    /**
     * Runs until {@code stopAt} completes and its offsets are consumed (or forever if it never completes), calling
     * {@code onSegment} on the learner thread for every segment verdict.
     */
    public Summary run(CompletableFuture<Map<TopicPartition, Long>> stopAt, Consumer<SegmentResult> onSegment,
                       Duration timeout) {
        String eventsTopic = config.string("topic.events");
        String labelsTopic = config.string("topic.labels");
        RecordDecoder decoder = new RecordDecoder(eventsTopic, labelsTopic);
        LearnerListener listener = new PublishingListener(evaluation, sink, clock, learner.algorithm(),
                evaluationEverySegments, onSegment, dashboard);
        InputChecks.Resync resync = (stream, fromUs, toUs) -> {   // a camera restarted its clock
            learner.resetStream(stream, listener);
            EncoderState state = encoderStates.get(stream);
            if (state != null) {
                state.reset();   // forget its filter history, keep its geometry
            }
        };
        long start = clock.millis();
        Scheduler learnerThread = Schedulers.newSingle("naca-learner");
        try {
            KafkaFlux.receive(this::newConsumer, List.of(eventsTopic, labelsTopic), labelsTopic,
                            Duration.ofMillis(100), stopAt)
                    .publishOn(learnerThread, 64)
                    .map(decoder::decode)
                    .doOnNext(item -> handle(item, listener, resync))
                    .then()
                    .block(timeout);
        } finally {
            learnerThread.dispose();
        }
        learner.finish(listener);
        EnergyReport energy = energy();
        sink.energy(energy);
        sink.evaluation(learner.algorithm(), clock.millis(), evaluation);
        sink.flush();
        saveModel();
        double seconds = (clock.millis() - start) / 1000.0;
        return new Summary(packets, learner.counts().events(), events, evaluation, energy, sink.deadLetters(),
                seconds);
    }

    private EnergyReport energy() {
        return EnergyReport.of(clock.millis(), learner.algorithm(), learner.counts(), energyModel);
    }

    private void saveModel() {
        String checkpoint = config.string("checkpoint.path").trim();
        String npy = config.string("checkpoint.npy-dir").trim();
        if (!(learner instanceof NacaLearner naca) || checkpoint.isEmpty() && npy.isEmpty()) {
            return;   // ModelConfigs.validate rejects checkpoint keys for other learners at startup
        }
        try {
            if (!checkpoint.isEmpty()) {
                Checkpoint.write(naca.network(), naca.counts(), ModelConfigs.schema(config), Path.of(checkpoint));
            }
            if (!npy.isEmpty()) {
                NpyExport.write(naca.network(), Path.of(npy));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model", e);
        }
    }

    /** A snapshot of the run so far, {@code elapsedMs} after it started; call on the learner thread. */
    public Summary progress(long elapsedMs) {
        return new Summary(packets, learner.counts().events(), events, evaluation, energy(), sink.deadLetters(),
                elapsedMs / 1000.0);
    }

    private void handle(StreamItem item, LearnerListener listener, InputChecks.Resync resync) {
        if (item instanceof StreamItem.Label label) {
            StreamItem.Rejected unknown = InputChecks.unknownClass(label, classes.count());
            if (unknown != null) {
                sink.deadLetter(InputChecks.deadLetter(unknown));
                return;
            }
            labels.add(label.segment());
        } else if (item instanceof StreamItem.Packet p) {
            String id = p.packet().sensorId();
            StreamClock streamClock = clocks.computeIfAbsent(id, k -> new StreamClock(maxGapUs, resyncPackets,
                    StreamClock.NEVER));
            StreamItem.Rejected refused = InputChecks.clock(streamClock, p, resync);
            if (refused != null) {
                sink.deadLetter(InputChecks.deadLetter(refused));
                return;
            }
            EncoderState state = encoderStates.computeIfAbsent(id, k -> new EncoderState(encoderConfig));
            SpikeTrain spikes;
            try {
                spikes = SpikeEncoder.encodeReusing(p.packet(), encoderConfig, state);
            } catch (IllegalArgumentException e) {   // another geometry than the stream's, or a sensor without the ROI
                sink.deadLetter(InputChecks.deadLetter(p.reject(InputChecks.encoderRejection(e), e.getMessage())));
                return;
            }
            learner.process(spikes, listener);
            packets++;
            events += p.packet().size();
            probe.learned(p.origin(), p.packet().size());
            dashboard.packet(p.packet(), clock.millis() - p.origin().timestampMs());
            if (packets % energyEveryPackets == 0) {
                EnergyReport report = energy();
                sink.energy(report);
                dashboard.energy(report);
            }
        } else if (item instanceof StreamItem.Rejected r) {
            sink.deadLetter(InputChecks.deadLetter(r));
        }
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.string("group.id"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 256);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "naca-stream-ingest");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
