package io.nacastream.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.kafka.Producers;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.checkpoint.ModelSchema;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.service.config.LearnerSettings;
import io.nacastream.service.config.ModelScope;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.ServiceSettings;
import io.nacastream.service.config.Settings;
import io.nacastream.service.config.TopicSettings;
import io.nacastream.service.commit.CommitCycle;
import io.nacastream.service.commit.TransactionalOutput;
import io.nacastream.service.dashboard.Dashboard;
import io.nacastream.service.dashboard.DashboardFeed;
import io.nacastream.service.http.HttpEndpoints;
import io.nacastream.service.http.Readiness;
import io.nacastream.service.kafka.PartitionHandover;
import io.nacastream.service.metrics.ServiceMetrics;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.CheckpointStores;
import io.nacastream.service.store.KafkaCheckpointStore;
import io.nacastream.service.stream.ModelFactory;
import io.nacastream.service.stream.PacketProbe;
import io.nacastream.service.stream.ProcessorView;
import io.nacastream.service.stream.StreamProcessor;
import io.nacastream.sink.EnergyReport;
import io.nacastream.sink.SinkTopics;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The service: consumes the events and labels topics as a member of {@code group.id}, runs every record through the
 * {@link StreamProcessor}, checkpoints models with the offsets they reflect, commits its outputs as
 * {@code processing.guarantee} says (by default in one Kafka transaction with the checkpoints and offsets of each
 * commit interval), hands partitions over on rebalance, serves health, metrics and model info over HTTP, and stops
 * gracefully (finish in-flight packets, checkpoint, commit). A bounded run (the main job, the end-to-end benchmarks)
 * is the same service told where its input ends ({@link #finishAt}).
 */
public final class StreamService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamService.class);

    private final Settings settings;
    /** How every Kafka client of the service connects to the cluster. */
    private final KafkaClientConfig clients;
    private final Clock clock;
    private final Options options;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CompletableFuture<Map<TopicPartition, Long>> stopAt = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile StreamProcessor processor;
    private SinkWriter sink;
    private CheckpointStore store;
    /** The instance's transaction under exactly-once; null under at-least-once. */
    private TransactionalOutput transactions;
    private volatile Consumption consumption;
    private String algorithm;
    private Readiness readiness;
    private HttpEndpoints http;
    private Scheduler learnerThread;
    private Disposable periodic;
    private volatile boolean bounded;

    /** A service on the broker at {@code bootstrap}; nothing runs before {@link #start()}. */
    public StreamService(ServiceConfig config, String bootstrap, Clock clock) {
        this(config, bootstrap, clock, new Options());
    }

    private StreamService(ServiceConfig config, String bootstrap, Clock clock, Options options) {
        this.settings = Settings.of(config);
        this.clients = settings.kafka().at(bootstrap);
        this.clock = clock;
        this.options = options;
    }

    /** Builds a service whose models, store, scope, HTTP and observers may differ from the configured ones. */
    public static Options options() {
        return new Options();
    }

    /** Checks that the configuration can run as the deployed service of {@code learners}; throws naming the key. */
    public static void validate(Settings settings, ServiceLearners learners) {
        learners.require(settings);
        requireCheckpointStore(settings);
    }

    private static void requireCheckpointStore(Settings settings) {
        ServiceSettings.Checkpoints c = settings.service().checkpoints();
        if (c.topic().isEmpty() && c.dir().isEmpty()) {
            throw new IllegalArgumentException("configuration keys 'checkpoint.topic' and 'checkpoint.dir' are both "
                    + "empty: the service needs somewhere to checkpoint");
        }
        if (c.topic().isEmpty() && settings.service().commits().exactlyOnce()) {
            throw new IllegalArgumentException("configuration key 'checkpoint.topic' is empty: "
                    + "processing.guarantee=exactly_once commits checkpoints in the same Kafka transaction as the "
                    + "outputs, so they must go to a topic (set processing.guarantee=at_least_once to checkpoint to "
                    + "checkpoint.dir alone)");
        }
    }

    /**
     * Loads the models' bases, binds HTTP, connects to the cluster (creating missing topics) and starts consuming.
     * While the cluster refuses the service (credentials, ACLs) it waits, not ready and saying why on
     * {@code /health/ready}, and tries again with growing pauses until access is granted or the service is closed.
     */
    public StreamService start() throws Exception {
        ModelFactory models = options.models != null ? options.models : options.learners.models(settings);
        if (options.store == null) {
            requireCheckpointStore(settings);
        }
        TopicSettings topics = settings.topics();
        String eventsTopic = topics.events();
        String labelsTopic = topics.labels();
        SinkTopics sinkTopics = topics.sinkTopics();
        LearnerSettings learner = settings.learner();
        ServiceSettings service = settings.service();
        ModelSchema schema = settings.schema();
        algorithm = models.algorithm();
        EnergyModel energy = settings.energy();
        Dashboard dashboard = options.http ? Dashboard.configured(settings.http(), schema.classes(), clock) : null;
        DashboardFeed feed = options.dashboard != null ? options.dashboard
                : dashboard == null ? DashboardFeed.NONE : dashboard;
        ServiceMetrics metrics = service.metricsEnabled()
                ? ServiceMetrics.enabled(this::view, energy) : ServiceMetrics.disabled();
        resources.add(metrics);
        readiness = new Readiness(clients, Duration.ofSeconds(5),
                () -> consumption != null && consumption.handover().joined(),
                () -> processor == null ? 0 : processor.partitions().owned().size());
        resources.add(readiness);
        readiness.modelLoaded();
        if (options.http && settings.http().enabled()) {
            ObjectNode configInfo = configInfo(learner.naca(), schema);
            http = new HttpEndpoints(settings.http(), readiness, metrics,
                    () -> HttpEndpoints.modelInfo(view(), configInfo), dashboard);
            resources.add(http);
            LOG.info("event=http_listening bind={} port={} scheme={} auth={}", settings.http().bindAddress(),
                    http.port(), settings.http().scheme(), settings.http().auth().mode().id());
        }
        ServiceSettings.Commits commitSettings = service.commits();
        Producer<String, byte[]> output = new ClusterAccess(readiness, stopAt).await(() -> connect(
                List.of(eventsTopic, labelsTopic, sinkTopics.predictions(), sinkTopics.energy(),
                        sinkTopics.deadLetter())));
        sink = new SinkWriter(output, sinkTopics, schema.classes(), transactions == null);
        resources.add(sink);
        ModelScope scope = options.scope != null ? options.scope : service.models().scope();
        processor = StreamProcessor.builder(new StreamProcessor.Settings(eventsTopic, labelsTopic, scope,
                        service.models().maxLive(), service.limits().maxGapUs(), service.limits().resyncPackets(),
                        learner.evaluationEverySegments()),
                        settings.encoder(), models, store, sink, clock)
                .metrics(metrics).dashboard(feed).probe(options.probe).onSegment(options.onSegment)
                .orphanTimeoutMs(service.limits().orphanLabelTimeout().toMillis())
                .energy(energy, settings.run().energyEveryPackets())
                .build();
        resources.add(processor.checkpointer());   // closed before the store: its queued writes run first
        learnerThread = Schedulers.newSingle("naca-learner");
        Duration commitInterval = transactions != null ? commitSettings.interval() : service.checkpoints().interval();
        metrics.commits(commitSettings.guarantee().name().toLowerCase(Locale.ROOT), commitInterval,
                transactions == null ? () -> 0 : transactions::committed,
                transactions == null ? () -> 0 : transactions::aborted, sink::suppressed);
        consumption = new Consumption(new Consumption.Parts(clients, topics, service, processor, store,
                learnerThread, metrics, readiness, stopAt, done), transactions);
        CommitCycle commits = transactions == null ? null : new CommitCycle(transactions,
                () -> processor.partitions().offsets(), consumption::group, commitSettings.interval(), clock,
                metrics::committed);
        // Checkpoints and view refreshes run on the learner thread: between records while records flow (a periodic
        // task alone would starve behind a busy queue), and from a timer while the stream is idle.
        long interval = service.checkpoints().interval().toMillis();
        long[] due = {clock.millis() + interval, 0};
        feed.commits(commitSettings.guarantee().name().toLowerCase(Locale.ROOT), commitInterval.toMillis(), 0, 0);
        Runnable housekeeping = () -> {
            long now = clock.millis();
            if (now >= due[0]) {
                due[0] = now + interval;
                checkpoint();
            }
            consumption.commitIfDue();
            if (now >= due[1]) {
                due[1] = now + 1000;
                processor.expireOrphanLabels();
                processor.refreshView();
                feed.energy(energyReport());
                feed.lag(metrics.lagRecords());
                if (transactions != null) {
                    feed.commits("exactly_once", commitInterval.toMillis(), transactions.committed(),
                            transactions.aborted());
                }
            }
        };
        long tick = Math.min(200, commitInterval.toMillis());
        periodic = learnerThread.schedulePeriodically(housekeeping, tick, tick, TimeUnit.MILLISECONDS);
        consumption.start(commits, housekeeping, this::completed);
        LOG.info("event=service_started bootstrap={} topics={} group={} scope={} algorithm={} mode={} kernel={} "
                + "guarantee={} commit_interval_ms={}{}", clients.bootstrap(), List.of(eventsTopic, labelsTopic),
                service.group().id(), scope, algorithm, learner.naca().mode().name().toLowerCase(Locale.ROOT),
                learner.kernel().name(), commitSettings.guarantee().name().toLowerCase(Locale.ROOT),
                commitInterval.toMillis(),
                transactions == null ? "" : " transactional_id=" + transactions.transactionalId());
        return this;
    }

    /**
     * Connects to the cluster: creates missing topics, checks co-partitioning, opens the output (transactional under
     * exactly-once) and the checkpoint store. What it opened is closed again when it fails, so it can be retried.
     * Returns the producer outputs go through.
     */
    private Producer<String, byte[]> connect(List<String> topicNames) throws Exception {
        ServiceSettings service = settings.service();
        ServiceSettings.Commits commitSettings = service.commits();
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            KafkaTopics.ensure(clients, topicNames, settings.topics().partitions());
            checkCoPartitioned(topicNames.get(0), topicNames.get(1));
            Producer<String, byte[]> output;
            if (commitSettings.exactlyOnce()) {
                transactions = TransactionalOutput.open(clients, transactionalId(service.group(), commitSettings),
                        commitSettings.transactionTimeout(), KafkaCheckpointStore.MAX_RECORD_BYTES);
                opened.add(transactions);
                output = transactions.producer();
            } else {
                output = Producers.create(clients);   // the sink closes it
                opened.add(output);
            }
            store = options.store != null ? options.store : CheckpointStores.configured(service.checkpoints(),
                    clients, transactions == null ? null : output);
            if (transactions != null) {
                resources.add(transactions);   // closed after the sink and the store, which write through it
            }
            resources.add(store);
            return output;
        } catch (Exception e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                closeQuietly(opened.get(i));
            }
            transactions = null;
            store = null;
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("event=close_failed resource={} error=\"{}\"", resource.getClass().getSimpleName(),
                    e.toString());
        }
    }

    /** The transactional id of this instance: stable across its restarts when it has a static group membership id. */
    private static String transactionalId(ServiceSettings.Group group, ServiceSettings.Commits commits) {
        String instance = group.instanceId().orElseGet(() -> {
            String random = UUID.randomUUID().toString();
            LOG.info("event=transactional_id_random detail=\"group.instance-id is not set: a restarted instance "
                    + "waits up to {} s for the transaction its predecessor left open\"",
                    commits.transactionTimeout().toSeconds());
            return random;
        });
        return "naca-stream-" + group.id() + "-" + instance;
    }

    /**
     * Learner thread, at the end of the input: housekeeping stops (nothing is owned any more), the view is final, and
     * a bounded run publishes its final energy record, and what is left is committed.
     */
    private void completed() {
        try {
            periodic.dispose();
            processor.refreshView();
            if (bounded) {
                sink.energy(energyReport());
                sink.flush();
            }
            consumption.commitNow();
            done.complete(null);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    private EnergyReport energyReport() {
        return processor.energy();
    }

    private void checkpoint() {
        try {
            processor.refreshView();   // what the metrics show covers at least what the commit will say is done
            PartitionHandover handover = consumption.handover();
            processor.checkpointer().checkpointAllAsync(handover::commitLater);
        } catch (RuntimeException e) {
            LOG.error("event=checkpoint_failed error=\"{}\"; retried at the next interval", e.toString());
        }
    }

    private void checkCoPartitioned(String eventsTopic, String labelsTopic) throws Exception {
        Map<String, Integer> counts = KafkaTopics.partitionCounts(clients, List.of(eventsTopic, labelsTopic));
        if (!counts.get(eventsTopic).equals(counts.get(labelsTopic))) {
            throw new IllegalStateException("topics " + eventsTopic + " (" + counts.get(eventsTopic) + " partitions) "
                    + "and " + labelsTopic + " (" + counts.get(labelsTopic) + ") must have the same number of "
                    + "partitions: a stream's labels are read by the instance that owns its events");
        }
    }

    private ObjectNode configInfo(NacaConfig naca, ModelSchema schema) {
        ObjectNode c = HttpEndpoints.object();
        c.put("algorithm", algorithm).put("inputs", naca.inputs()).put("classes", naca.classes())
                .put("grid", schema.grid().width() + "x" + schema.grid().height())
                .put("roi", schema.grid().roi().map(Object::toString).orElse(""))
                .put("mode", naca.mode().name().toLowerCase(java.util.Locale.ROOT)).put("seed", naca.seed())
                .put("maxLiveModels", settings.service().models().maxLive())
                .put("base", settings.service().models().base().map(Path::toString).orElse("fresh"))
                .put("checkpointTopic", settings.service().checkpoints().topic().orElse(""))
                .put("checkpointDir", settings.service().checkpoints().dir().map(Path::toString).orElse(""));
        ArrayNode hidden = c.putArray("hidden");
        naca.hiddenSizes().forEach(hidden::add);
        ArrayNode names = c.putArray("classNames");
        schema.classes().names().forEach(names::add);
        return c;
    }

    /**
     * Makes this a bounded run: once {@code endOffsets} are consumed, the segments still open are scored and learned
     * from, every partition is checkpointed and committed, the final energy and evaluation records are published, and
     * {@link #done()} completes.
     */
    public void finishAt(Map<TopicPartition, Long> endOffsets) {
        bounded = true;
        consumption.handover().inputEnded();
        stopAt.complete(endOffsets);
    }

    /** Ends the run with {@code error} (e.g. its input could not be produced). */
    public void fail(Throwable error) {
        stopAt.completeExceptionally(error);
    }

    /** The port the HTTP endpoints listen on, or -1 when disabled. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Readiness checks. */
    public Readiness readiness() {
        return readiness;
    }

    /** What the service holds (refreshed every second, and at the end of a run); empty before it connects. */
    public ProcessorView view() {
        StreamProcessor p = processor;
        return p == null ? ProcessorView.EMPTY : p.view();
    }

    /** The processor every record goes through. */
    public StreamProcessor processor() {
        return processor;
    }

    /** Dead letters published so far. */
    public long deadLetters() {
        return sink.deadLetters();
    }

    /** The energy report of everything learned so far. */
    public EnergyReport energy() {
        return energyReport();
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
        long timeoutS = settings.service().shutdownTimeout().toSeconds();
        LOG.info("event=service_stopping");
        stopAt.complete(Map.of());
        try {
            if (consumption != null) {   // else it never started consuming (or still waits for the cluster)
                done.get(timeoutS + 5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.error("event=stop_incomplete error=\"{}\"", e.toString());
            if (consumption != null) {
                consumption.dispose();
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

    /** What a service built with {@link #options()} does differently from the configured deployment. */
    public static final class Options {
        private ModelFactory models;
        private ServiceLearners learners = ServiceLearners.lean();
        private CheckpointStore store;
        private ModelScope scope;
        private boolean http = true;
        private DashboardFeed dashboard;
        private PacketProbe probe = PacketProbe.NONE;
        private Consumer<SegmentResult> onSegment = r -> { };

        private Options() {
        }

        /** Models from {@code f} instead of those of the configured learner. */
        public Options models(ModelFactory f) {
            this.models = f;
            return this;
        }

        /** The configured learner's models from {@code l} (by default {@link ServiceLearners#lean()}). */
        public Options learners(ServiceLearners l) {
            this.learners = l;
            return this;
        }

        /** Checkpoints in {@code s} instead of {@code checkpoint.topic} / {@code checkpoint.dir}. */
        public Options store(CheckpointStore s) {
            this.store = s;
            return this;
        }

        /** Models shared as {@code s} says instead of {@code model.scope}. */
        public Options scope(ModelScope s) {
            this.scope = s;
            return this;
        }

        /** No HTTP endpoints and no dashboard of its own (a bounded run shows its own dashboard, if any). */
        public Options withoutHttp() {
            this.http = false;
            return this;
        }

        /** Shows what it learns on {@code d}. */
        public Options dashboard(DashboardFeed d) {
            this.dashboard = d;
            return this;
        }

        /** Tells {@code p} about every packet learned from. */
        public Options probe(PacketProbe p) {
            this.probe = p;
            return this;
        }

        /** Tells {@code c} about every segment verdict, on the learner thread. */
        public Options onSegment(Consumer<SegmentResult> c) {
            this.onSegment = c;
            return this;
        }

        /** The service on {@code bootstrap}; nothing runs before {@link StreamService#start()}. */
        public StreamService build(ServiceConfig config, String bootstrap, Clock clock) {
            return new StreamService(config, bootstrap, clock, this);
        }
    }
}
