package io.nacastream.cli;

import io.nacastream.bench.BaselineModels;
import io.nacastream.bench.ReportText;
import io.nacastream.broker.EmbeddedKafka;
import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.kafka.Producers;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.publish.SyntheticPublisher;
import io.nacastream.ingest.synth.GestureSession;
import io.nacastream.ingest.synth.SensorParameters;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.npy.NpyExport;
import io.nacastream.service.BoundedRun;
import io.nacastream.service.RunSummary;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ModelScope;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import io.nacastream.service.config.SyntheticSettings;
import io.nacastream.service.config.TopicSettings;
import io.nacastream.service.dashboard.RunDashboard;
import io.nacastream.service.store.MemoryCheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The main job: on a broker (in-process KRaft unless {@code bootstrap.servers} is set), publish the synthetic
 * gesture stream while the service learns from it online, print a line per gesture, and end with a summary once
 * everything published has been consumed. It is the service with a bounded source ({@link BoundedRun}), with one
 * model per partition so that the held-out subjects' streams are scored by the model the others taught.
 */
public final class MainJob {

    private final ServiceConfig config;
    private final Settings settings;
    private final PrintStream out;
    private final Clock clock;

    /** A job with this configuration, printing to {@code out}. */
    public MainJob(ServiceConfig config, PrintStream out, Clock clock) {
        this.config = config;
        this.settings = Settings.of(config);
        this.out = out;
        this.clock = clock;
    }

    /** Runs the job to the end of the synthetic stream and returns its summary. */
    public RunSummary run() throws Exception {
        String bootstrap = settings.run().bootstrapServers();
        if (!bootstrap.isBlank()) {
            return runOn(bootstrap);
        }
        long t0 = clock.millis();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            out.printf("broker: in-process KRaft at %s (ready in %.1f s)%n", kafka.bootstrapServers(),
                    (clock.millis() - t0) / 1000.0);
            return runOn(kafka.bootstrapServers());
        }
    }

    private RunSummary runOn(String bootstrap) throws Exception {
        KafkaClientConfig clients = settings.kafka().at(bootstrap);
        TopicSettings topics = settings.topics();
        SyntheticSettings synthetic = settings.synthetic();
        List<String> inputTopics = List.of(topics.events(), topics.labels());
        settings.learner().requireGestureClasses();
        if (!synthetic.enabled()) {
            throw new IllegalArgumentException("synthetic.enabled=false: the bounded main job needs the synthetic "
                    + "stream; run the `service` command to learn from other streams");
        }
        int train = synthetic.trainSubjects();
        int test = synthetic.testSubjects();
        List<GestureSession> sessions = SyntheticPublisher.plan(synthetic.seed(), train, test, synthetic.takeUs(),
                synthetic.gapUs());
        int totalTakes = sessions.stream().mapToInt(s -> s.takes().size()).sum();
        out.printf("stream: %d synthetic subjects x 11 gestures (%d learned from, %d held out), topics %s -> %s%n",
                train + test, train, test, inputTopics, List.of(topics.predictions(), topics.energy()));
        KafkaTopics.ensure(clients, inputTopics, topics.partitions());

        CompletableFuture<Map<TopicPartition, Long>> end = new CompletableFuture<>();
        ExecutorService publisherThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "synthetic-publisher");
            t.setDaemon(true);
            return t;
        });
        MemoryCheckpointStore store = new MemoryCheckpointStore();
        try (KafkaProducer<String, byte[]> producer = Producers.create(clients);
             RunDashboard dashboard = RunDashboard.start(settings.http(), ClassNames.dvsGesture(), clock, out)) {
            SyntheticPublisher publisher = new SyntheticPublisher(producer, inputTopics.get(0), inputTopics.get(1),
                    settings.run().packetMaxEvents(), settings.run().packetMaxUs());
            StreamService[] service = new StreamService[1];
            long start = clock.millis();
            int[] seen = {0};
            service[0] = StreamService.options().models(BaselineModels.forSettings(settings)).store(store)
                    .scope(ModelScope.PARTITION).withoutHttp().dashboard(dashboard.feed())
                    .onSegment(r -> printGesture(r, ++seen[0], totalTakes, service[0], start))
                    .build(config, bootstrap, clock);
            Future<SyntheticPublisher.Published> published = publisherThread.submit(() -> {
                try {
                    SyntheticPublisher.Published p = publisher.publish(sessions, SensorParameters.dvs128(),
                            synthetic.seed());
                    end.complete(KafkaTopics.endOffsets(clients, inputTopics));
                    return p;
                } catch (Exception e) {
                    end.completeExceptionally(e);
                    throw e;
                }
            });
            RunSummary summary = BoundedRun.run(service[0], end, settings.run().timeout(), clock);
            saveModel(store);
            printSummary(summary, published.get());
            return summary;
        } finally {
            publisherThread.shutdownNow();
        }
    }

    /** Writes the final model to {@code checkpoint.path} and its tables to {@code checkpoint.npy-dir}, if set. */
    private void saveModel(MemoryCheckpointStore store) throws IOException {
        if (!settings.run().savesModel()) {
            return;
        }
        List<ModelCheckpoint> models = store.models().stream()
                .sorted(Comparator.comparingInt(ModelCheckpoint::partition)).toList();
        for (ModelCheckpoint m : models) {
            String suffix = models.size() == 1 ? "" : "-partition-" + m.partition();
            Checkpoint.Model model = Checkpoint.decode(m.model());
            Optional<Path> checkpoint = settings.run().checkpointPath();
            if (checkpoint.isPresent()) {
                Checkpoint.write(model.network(), model.counts(), settings.schema(), suffixed(checkpoint.get(), suffix));
            }
            Optional<Path> npy = settings.run().npyDir();
            if (npy.isPresent()) {
                NpyExport.write(model.network(), suffixed(npy.get(), suffix));
            }
        }
    }

    private static Path suffixed(Path path, String suffix) {
        return suffix.isEmpty() ? path : path.resolveSibling(path.getFileName() + suffix);
    }

    private void printGesture(SegmentResult r, int n, int total, StreamService service, long start) {
        service.processor().refreshView();
        RunSummary now = RunSummary.of(service, (clock.millis() - start) / 1000.0);
        ClassNames names = ClassNames.dvsGesture();   // the synthetic stream's classes
        String predicted = r.predicted() < 0 ? "(none)" : names.name(r.predicted());
        double acc = (r.learned() ? now.evaluation().learned() : now.evaluation().heldOut()).accuracy();
        out.printf("%3d/%d %s %-8s true=%-27s predicted=%-27s %s  acc=%5.1f%% (%s)  %6.0fk ev/s  %.2f nJ/ev%n",
                n, total, r.streamId(), r.learned() ? "learn" : "held-out",
                names.name(r.trueClass()), predicted, r.correct() ? "ok" : "--", 100 * acc,
                r.learned() ? "test-then-train" : "held-out", now.eventsPerSecond() / 1000,
                now.energy().joulesPerEvent() * 1e9);
    }

    private void printSummary(RunSummary s, SyntheticPublisher.Published p) {
        out.printf("---- summary (%s) ----%n", s.energy().algorithm());
        out.printf("published %,d events in %,d packets (%,d bytes), %d sessions%n", p.events(), p.packets(),
                p.bytes(), p.sessions());
        out.printf("learned  %,d packets, %,d events -> %,d input spikes in %.1f s (%,.0f events/s)%n",
                s.packets(), s.events(), s.spikes(), s.wallSeconds(), s.eventsPerSecond());
        out.println("test-then-train (learned gestures, each scored before it was learned): "
                + ReportText.evaluation(s.evaluation().learned()));
        out.println("held-out subjects (never learned), chance 9.1%: " + ReportText.evaluation(s.evaluation().heldOut()));
        out.println("periodic predictions under a label:  " + ReportText.evaluation(s.evaluation().predictions()));
        out.println("held-out confusion matrix (rows: true class, columns: predicted):");
        ReportText.confusion(out, s.evaluation().heldOut(), ClassNames.dvsGesture());
        ReportText.energy(out, s.energy());
        out.printf("dead letters: %d%n", s.deadLetters());
    }
}
