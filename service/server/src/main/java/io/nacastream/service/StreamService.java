package io.nacastream.service;

import io.nacastream.ingest.kafka.Producers;
import io.nacastream.service.http.HttpEndpoints;
import io.nacastream.service.http.Readiness;
import io.nacastream.service.kafka.PartitionHandover;
import io.nacastream.service.metrics.ServiceMetrics;
import io.nacastream.service.stream.BaseModels;
import io.nacastream.service.stream.ModelHost;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nacastream.encoder.EncoderConfig;
import io.nacastream.ingest.kafka.KafkaFlux;
import io.nacastream.ingest.kafka.RecordDecoder;
import io.nacastream.learner.checkpoint.ModelSchema;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.service.config.ModelConfigs;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.DirectoryCheckpointStore;
import io.nacastream.service.store.KafkaCheckpointStore;
import io.nacastream.service.store.MirroredCheckpointStore;
import io.nacastream.service.dashboard.Dashboard;
import io.nacastream.service.dashboard.DashboardFeed;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.sink.EnergyReport;
import io.nacastream.sink.SinkTopics;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deployable service: consumes the events and labels topics as a member of {@code group.id}, learns one NACA
 * model per stream, checkpoints models with the offsets they reflect, hands partitions over on rebalance, serves
 * health, metrics and model info over HTTP, and stops gracefully (finish in-flight packets, checkpoint, commit).
 */
public final class StreamService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamService.class);

    private final ServiceConfig config;
    private final String bootstrap;
    private final Clock clock;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CompletableFuture<Map<TopicPartition, Long>> stopAt = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private ModelHost host;
    private Readiness readiness;
    private HttpEndpoints http;
    private Scheduler learnerThread;
    private Disposable periodic;
    private Disposable run;

    /** A service on the broker at {@code bootstrap}; nothing runs before {@link #start()}. */
    public StreamService(ServiceConfig config, String bootstrap, Clock clock) {
        this.config = config;
        this.bootstrap = bootstrap;
        this.clock = clock;
    }

    /** Checks that the configuration can run as a service; throws naming the key. */
    public static void validate(ServiceConfig config) {
        if (!config.string("learner.algorithm").trim().equalsIgnoreCase("naca")) {
            throw new IllegalArgumentException("configuration key 'learner.algorithm': the service checkpoints NACA "
                    + "models only, got '" + config.string("learner.algorithm") + "'");
        }
        if (config.string("checkpoint.topic").isBlank() && config.string("checkpoint.dir").isBlank()) {
            throw new IllegalArgumentException("configuration keys 'checkpoint.topic' and 'checkpoint.dir' are both "
                    + "empty: the service needs somewhere to checkpoint");
        }
    }

    /** Creates missing topics, loads the base models, binds HTTP and starts consuming. */
    public StreamService start() throws Exception {
        validate(config);
        String eventsTopic = config.string("topic.events");
        String labelsTopic = config.string("topic.labels");
        SinkTopics sinkTopics = new SinkTopics(config.string("topic.predictions"), config.string("topic.energy"),
                config.string("topic.dead-letter"));
        KafkaTopics.ensure(bootstrap, List.of(eventsTopic, labelsTopic, sinkTopics.predictions(),
                sinkTopics.energy(), sinkTopics.deadLetter()), config.integer("topic.partitions"));
        checkCoPartitioned(eventsTopic, labelsTopic);
        String checkpointTopic = config.string("checkpoint.topic").trim();
        if (!checkpointTopic.isEmpty()) {
            KafkaTopics.ensure(bootstrap, List.of(checkpointTopic), 1, KafkaCheckpointStore.TOPIC_CONFIG);
        }
        EncoderConfig encoderConfig = ModelConfigs.encoder(config);
        NacaConfig nacaConfig = ModelConfigs.naca(config, encoderConfig.inputCount());
        BaseModels bases = BaseModels.load(nacaConfig, ModelConfigs.schema(config), config.string("model.base"),
                config.string("model.named-bases"));
        CheckpointStore store = store(checkpointTopic);
        resources.add(store);
        SinkWriter sink = new SinkWriter(Producers.create(bootstrap), sinkTopics, bases.schema().classes());
        resources.add(sink);
        EnergyModel energy = ModelConfigs.energy(config);
        Dashboard dashboard = Dashboard.configured(config, bases.schema().classes(), clock);
        DashboardFeed feed = dashboard == null ? DashboardFeed.NONE : dashboard;
        ModelHost[] hostRef = new ModelHost[1];
        ServiceMetrics metrics = config.bool("metrics.enabled")
                ? ServiceMetrics.enabled(() -> hostRef[0].view(), energy) : ServiceMetrics.disabled();
        resources.add(metrics);
        host = new ModelHost(new ModelHost.Settings(eventsTopic, labelsTopic, config.integer("models.max-live"),
                config.longValue("prediction.interval-ms") * 1000, config.bool("learner.count-ops"),
                Math.max(1, config.integer("evaluation.interval-segments")),
                config.longValue("stream.max-gap-ms") * 1000, config.integer("stream.resync-packets"),
                config.longValue("labels.orphan-timeout-s") * 1000, config.integer("learner.replay-limit")),
                encoderConfig, bases, store, sink, metrics, clock,
                feed);
        hostRef[0] = host;
        learnerThread = Schedulers.newSingle("naca-learner");
        Duration handover = Duration.ofSeconds(config.longValue("shutdown.timeout-s"));
        PartitionHandover partitions = new PartitionHandover(eventsTopic, labelsTopic, host, store, learnerThread,
                metrics, handover);
        readiness = new Readiness(bootstrap, Duration.ofSeconds(5), partitions::joined, () -> host.owned().size());
        resources.add(readiness);
        readiness.modelLoaded();
        int port = config.integer("http.port");
        if (port >= 0) {
            ObjectNode configInfo = configInfo(nacaConfig, bases.schema());
            http = new HttpEndpoints(config.string("http.host"), port, readiness, metrics,
                    () -> HttpEndpoints.modelInfo(host.view(), configInfo), dashboard);
            resources.add(http);
            LOG.info("event=http_listening port={}", http.port());
        }
        // Checkpoints and view refreshes run on the learner thread: between records while records flow (a periodic
        // task alone would starve behind a busy queue), and from a timer while the stream is idle.
        long interval = config.longValue("checkpoint.interval-ms");
        long[] due = {clock.millis() + interval, 0};
        Runnable housekeeping = () -> {
            long now = clock.millis();
            if (now >= due[0]) {
                due[0] = now + interval;
                checkpoint(partitions, sink, energy);
            }
            if (now >= due[1]) {
                due[1] = now + 1000;
                host.expireOrphanLabels();
                host.refreshView();
                if (dashboard != null) {
                    dashboard.energy(EnergyReport.of(now, "naca", host.counts(), energy));
                    dashboard.lag(metrics.lagRecords());
                }
            }
        };
        periodic = learnerThread.schedulePeriodically(housekeeping, 200, 200, TimeUnit.MILLISECONDS);
        RecordDecoder decoder = new RecordDecoder(eventsTopic, labelsTopic);
        run = KafkaFlux.receive(this::newConsumer, List.of(eventsTopic, labelsTopic), labelsTopic,
                        Duration.ofMillis(100), stopAt, partitions)
                .publishOn(learnerThread, 64)
                .map(decoder::decode)
                .doOnNext(item -> {
                    host.handle(item);
                    housekeeping.run();
                })
                .then()
                .subscribe(v -> { }, e -> {
                    LOG.error("event=service_failed error=\"{}\"", e.toString());
                    done.completeExceptionally(e);
                }, () -> done.complete(null));
        LOG.info("event=service_started bootstrap={} topics={} group={} checkpoints={}", bootstrap,
                List.of(eventsTopic, labelsTopic), config.string("group.id"),
                checkpointTopic.isEmpty() ? config.string("checkpoint.dir") : checkpointTopic);
        return this;
    }

    private void checkpoint(PartitionHandover partitions, SinkWriter sink, EnergyModel energy) {
        try {
            partitions.commitLater(host.checkpointAll());
            sink.energy(EnergyReport.of(clock.millis(), "naca", host.counts(), energy));
        } catch (RuntimeException e) {
            LOG.error("event=checkpoint_failed error=\"{}\"; retried at the next interval", e.toString());
        }
    }

    private CheckpointStore store(String topic) {
        String dir = config.string("checkpoint.dir").trim();
        if (topic.isEmpty()) {
            return new DirectoryCheckpointStore(Path.of(dir));
        }
        CheckpointStore kafka = new KafkaCheckpointStore(bootstrap, topic);
        return dir.isEmpty() ? kafka : new MirroredCheckpointStore(kafka, new DirectoryCheckpointStore(Path.of(dir)));
    }

    private void checkCoPartitioned(String eventsTopic, String labelsTopic) throws Exception {
        Map<String, Integer> counts = KafkaTopics.partitionCounts(bootstrap, List.of(eventsTopic, labelsTopic));
        if (!counts.get(eventsTopic).equals(counts.get(labelsTopic))) {
            throw new IllegalStateException("topics " + eventsTopic + " (" + counts.get(eventsTopic) + " partitions) "
                    + "and " + labelsTopic + " (" + counts.get(labelsTopic) + ") must have the same number of "
                    + "partitions: a stream's labels are read by the instance that owns its events");
        }
    }

    private ObjectNode configInfo(NacaConfig naca, ModelSchema schema) {
        ObjectNode c = HttpEndpoints.object();
        c.put("algorithm", "naca").put("inputs", naca.inputs()).put("classes", naca.classes())
                .put("grid", schema.grid().width() + "x" + schema.grid().height())
                .put("roi", schema.grid().roi().map(Object::toString).orElse(""))
                .put("mode", naca.mode().name().toLowerCase(java.util.Locale.ROOT)).put("seed", naca.seed())
                .put("maxLiveModels", config.integer("models.max-live"))
                .put("base", config.string("model.base").isBlank() ? "fresh" : config.string("model.base"))
                .put("checkpointTopic", config.string("checkpoint.topic"))
                .put("checkpointDir", config.string("checkpoint.dir"));
        ArrayNode hidden = c.putArray("hidden");
        naca.hiddenSizes().forEach(hidden::add);
        ArrayNode names = c.putArray("classNames");
        schema.classes().names().forEach(names::add);
        return c;
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.string("group.id"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 256);
        // Range assignment gives partition n of both topics to the same member: a stream's labels meet its events.
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "naca-stream-service");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.integer("group.session-timeout-ms"));
        String instance = config.string("group.instance-id").trim();
        if (!instance.isEmpty()) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance);
        }
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The port the HTTP endpoints listen on, or -1 when disabled. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Readiness checks. */
    public Readiness readiness() {
        return readiness;
    }

    /** What the service holds (refreshed every second). */
    public ModelHost.View view() {
        return host.view();
    }

    /** Completes when the service has stopped (exceptionally if it failed). */
    public CompletableFuture<Void> done() {
        return done;
    }

    /**
     * Graceful stop: stop polling, finish the packets already handed to the learner, checkpoint every partition,
     * commit its offsets, then close everything. Waits at most {@code shutdown.timeout-s} for the hand-over.
     */
    @Override
    public void close() {
        long timeoutS = config.longValue("shutdown.timeout-s");
        LOG.info("event=service_stopping");
        stopAt.complete(Map.of());
        try {
            done.get(timeoutS + 5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("event=stop_incomplete error=\"{}\"", e.toString());
            if (run != null) {
                run.dispose();
            }
        }
        if (periodic != null) {
            periodic.dispose();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("event=close_failed resource={} error=\"{}\"", resources.get(i).getClass().getSimpleName(),
                        e.toString());
            }
        }
        if (learnerThread != null) {
            learnerThread.dispose();
        }
        LOG.info("event=service_stopped");
    }
}
