package io.nacastream.bench;

import io.nacastream.broker.EmbeddedKafka;
import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.kafka.LabelCodec;
import io.nacastream.ingest.kafka.Producers;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.publish.SyntheticPublisher;
import io.nacastream.ingest.synth.GestureSession;
import io.nacastream.ingest.synth.ScheduledTake;
import io.nacastream.ingest.synth.SensorParameters;
import io.nacastream.ingest.wire.PacketCodec;
import io.nacastream.service.BoundedRun;
import io.nacastream.service.RunSummary;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import io.nacastream.service.config.SyntheticSettings;
import io.nacastream.service.config.TopicSettings;
import io.nacastream.service.stream.PacketProbe;
import io.nacastream.sink.SinkTopics;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

/**
 * {@code bench e2e}: publisher → in-process broker → the deployed service ({@link StreamService}: one model per
 * stream, checkpoints to a fresh directory unless {@code checkpoint.*} is given, HTTP and metrics on) → sink, at
 * fixed offered rates and at the maximum rate, as a bounded run ({@link BoundedRun}). Each run gets fresh topics
 * (the events topic stamps records with the broker's append time) and a fresh service; the publisher replays a
 * synthetic gesture corpus, rendered once in memory and wire-encoded, on {@code streams} sensor streams, re-timed
 * cycle after cycle so every stream's time keeps going forward, with the labels of each cycle published one cycle ahead of its events (so the models learn throughout).
 * Reported per run: offered and sustained events/s, consumer lag, the latency from a record's append in Kafka to
 * the moment its packet has been learned from (the model, and so the next prediction, includes it), heap and RSS,
 * and a check that every published event was learned from.
 */
public final class EndToEndBench {

    /**
     * What to run: offered rates (events/s; 0 = as fast as possible, {@link #BACKLOG} = a backlog published first),
     * seconds of publishing per run, streams.
     */
    public record Options(List<Long> rates, int seconds, int streams, int subjects, int warmupSeconds,
                          int reportEverySeconds) {
        /** Checks the ranges. */
        public Options {
            rates = List.copyOf(rates);
            if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 0 && r != BACKLOG)) {
                throw new IllegalArgumentException("--rates: one or more events/s values (or max, backlog)");
            }
            if (seconds < 1 || streams < 1 || streams > 100 || subjects < 1 || warmupSeconds < 0
                    || reportEverySeconds < 0) {
                throw new IllegalArgumentException("need --seconds >= 1, --streams in 1..100, --subjects >= 1, "
                        + "--warmup-s >= 0, --report-s >= 0");
            }
        }
    }

    /** One run's figures. */
    public record Result(long offered, double published, double sustained, long maxLagEvents, double p50Ms,
                         double p99Ms, double p999Ms, double maxMs, long maxHeapMb, long maxRssMb,
                         long heapAfterGcMb, long liveBeforeMb, long liveAfterMb, long publishedEvents,
                         long learnedEvents, long deadLetters, double visibleP50Ms, double visibleP99Ms) {

        /** True when every published event was learned from and nothing went to the dead-letter topic. */
        public boolean nothingLost() {
            return publishedEvents == learnedEvents && deadLetters == 0;
        }
    }

    /**
     * The rate that publishes {@code seconds} of events at full speed before the service starts, then measures how
     * fast the service learns that backlog (first to last packet learned) with no publisher on the cores.
     */
    public static final long BACKLOG = -1;

    private static final String TEMPLATE_ID = "cam-00";
    /** Events/s assumed when publishing labels ahead of an unpaced run: above anything this machine sustains. */
    private static final long MAX_RATE_GUESS = 10_000_000L;

    /** One wire-encoded packet of the corpus, its event count and the time shift of its session. */
    private record Template(byte[] bytes, int events, long sessionShiftUs) {
    }

    private final Map<String, String> serviceOptions;
    private final Options options;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();
    private List<Template> templates;
    private List<LabelSegment> labels;
    private long spanUs;
    private long corpusEvents;
    private int run;

    /** A benchmark with these service options ({@code --key=value}, as the main job takes them). */
    public EndToEndBench(Map<String, String> serviceOptions, Options options, PrintStream out) {
        this.serviceOptions = Map.copyOf(serviceOptions);
        this.options = options;
        this.out = out;
        Settings.of(ServiceConfig.of(serviceOptions, Map.of())).learner().requireGestureClasses(); // bad keys: now
    }

    /** Renders the corpus, starts the broker, runs the warm-up and every rate; returns the results in order. */
    public List<Result> run() throws Exception {
        long t0 = System.nanoTime();
        render();
        out.printf(Locale.ROOT, "corpus: %d synthetic subjects, %,d events in %,d packets, %.1f s of stream time "
                        + "(rendered in %.1f s); %d stream(s)%n", options.subjects(), corpusEvents, templates.size(),
                spanUs / 1e6, (System.nanoTime() - t0) / 1e9, options.streams());
        List<Result> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            if (options.warmupSeconds() > 0) {
                out.printf("warm-up: %d s at the maximum rate (not reported)%n", options.warmupSeconds());
                once(bootstrap, 0, options.warmupSeconds(), false);
            }
            for (long rate : options.rates()) {
                results.add(once(bootstrap, rate, options.seconds(), true));
            }
        }
        table(results);
        return results;
    }

    private void render() {
        Settings settings = Settings.of(ServiceConfig.of(serviceOptions, Map.of()));
        SyntheticSettings synthetic = settings.synthetic();
        List<GestureSession> sessions = SyntheticPublisher.plan(synthetic.seed(), options.subjects(), 0,
                synthetic.takeUs(), synthetic.gapUs());
        SensorParameters sensor = SensorParameters.dvs128();
        templates = new ArrayList<>();
        labels = new ArrayList<>();
        long shift = 0;
        for (GestureSession session : sessions) {
            long sessionShift = shift;
            for (ScheduledTake take : session.takes()) {
                LabelSegment l = take.label();
                labels.add(new LabelSegment(TEMPLATE_ID, l.classId(), l.startUs() + shift, l.endUs() + shift,
                        l.learn()));
            }
            PacketAssembler assembler = new PacketAssembler(TEMPLATE_ID, sensor.width(), sensor.height(),
                    settings.run().packetMaxEvents(), settings.run().packetMaxUs(),
                    packet -> templates.add(new Template(PacketCodec.encode(packet), packet.size(), sessionShift)));
            corpusEvents += session.render(sensor, synthetic.seed(), assembler);
            assembler.flush();
            shift += session.endUs();
        }
        spanUs = shift;
    }

    private Result once(String bootstrap, long rate, int seconds, boolean report) throws Exception {
        int id = ++run;
        Map<String, String> keys = new HashMap<>(serviceOptions);
        keys.put("topic.events", "e2e-" + id + "-events");
        keys.put("topic.labels", "e2e-" + id + "-labels");
        keys.put("topic.predictions", "e2e-" + id + "-predictions");
        keys.put("topic.energy", "e2e-" + id + "-energy");
        keys.put("topic.dead-letter", "e2e-" + id + "-dead-letter");
        keys.put("group.id", "e2e-" + id);
        if (!serviceOptions.containsKey("checkpoint.topic") && !serviceOptions.containsKey("checkpoint.dir")) {
            keys.put("checkpoint.dir", Files.createTempDirectory("e2e-" + id + "-checkpoints").toString());
        }
        // a fresh checkpoint topic too: otherwise the new service would first scan every checkpoint the runs before
        // it wrote (the warm-up's 16 models every 10 s), a restart's cost, not the steady state measured here
        keys.putIfAbsent("checkpoint.topic", "e2e-" + id + "-checkpoints");
        keys.putIfAbsent("http.port", "0");
        ServiceConfig config = ServiceConfig.of(keys, Map.of());
        TopicSettings topics = Settings.of(config).topics();
        List<String> inputs = List.of(topics.events(), topics.labels());
        KafkaTopics.ensure(KafkaClientConfig.plaintext(bootstrap), List.of(inputs.get(0)), 1, Map.of("message.timestamp.type", "LogAppendTime"));
        SinkTopics sinkTopics = topics.sinkTopics();
        KafkaTopics.ensure(bootstrap, List.of(inputs.get(1), sinkTopics.predictions(), sinkTopics.energy(),
                sinkTopics.deadLetter()), 1);

        Histogram latency = new Histogram(3_600_000L, 3);
        AtomicLong learned = new AtomicLong();
        AtomicLong published = new AtomicLong();
        AtomicLong firstLearnedNs = new AtomicLong();
        AtomicLong lastLearnedNs = new AtomicLong();
        PacketProbe probe = (origin, events) -> {
            latency.recordValue(Math.max(0, Math.min(3_600_000L, clock.millis() - origin.timestampMs())));
            long now = System.nanoTime();
            firstLearnedNs.compareAndSet(0, now);
            lastLearnedNs.set(now);
            learned.addAndGet(events);
        };
        boolean backlog = rate == BACKLOG;
        CompletableFuture<Map<TopicPartition, Long>> end = new CompletableFuture<>();
        RunSampler sampler = new RunSampler(published, learned, report ? options.reportEverySeconds() : 0, out);
        AtomicReference<double[]> publishWindow = new AtomicReference<>(); // {seconds, events learned by then}
        Thread publisher = new Thread(() -> {
            try (KafkaProducer<String, byte[]> producer = Producers.create(bootstrap)) {
                long start = publish(producer, inputs, backlog ? 0 : rate, seconds, published);
                publishWindow.set(new double[] {(System.nanoTime() - start) / 1e9, learned.get()});
                producer.flush();
                end.complete(KafkaTopics.endOffsets(bootstrap, inputs));
            } catch (Throwable e) {
                end.completeExceptionally(e);
            }
        }, "e2e-publisher");
        publisher.setDaemon(true);
        if (report) {
            out.printf(Locale.ROOT, "run %d: offered %s for %d s%n", id, rate == 0 ? "max" : backlog
                    ? "a backlog published at the maximum rate before the service starts" : String.format(
                    Locale.ROOT, "%,d events/s", rate), seconds);
        }
        if (backlog) {
            publisher.start();   // the whole backlog first, then the service alone on the cores
            publisher.join();
        }
        RunSummary summary;
        long liveBefore;
        long liveAfter;
        long afterLastGc;
        // the deployed service as configured (one model per stream, checkpoints, HTTP and metrics), bounded
        StreamService service = StreamService.options().probe(probe).build(config, bootstrap, clock);
        OutputVisibility visibility = new OutputVisibility(bootstrap, sinkTopics.predictions());
        try {
            liveBefore = liveHeapMb(); // live set after a full GC, with this run's service in it, before and after
            sampler.start();
            if (!backlog) {   // a backlog was published before the service started
                Thread starter = new Thread(() -> {
                    // publish once the consumer owns its partitions, so no record waits for the group to form
                    try {
                        awaitAssignment(bootstrap, keys.get("group.id"), inputs);
                        publisher.start();
                    } catch (RuntimeException e) {
                        end.completeExceptionally(e);
                    }
                }, "e2e-starter");
                starter.setDaemon(true);
                starter.start();
            }
            summary = BoundedRun.run(service, end, Duration.ofSeconds(seconds + 900L), clock);
            afterLastGc = RunSampler.heapAfterGcMb();
            liveAfter = liveHeapMb();
            Reference.reachabilityFence(service);
        } finally {
            sampler.stop();
            visibility.close();
        }
        publisher.join();
        double[] window = publishWindow.get();
        double sustained = backlog
                ? learned.get() / Math.max(1e-9, (lastLearnedNs.get() - firstLearnedNs.get()) / 1e9)
                : window[1] / window[0];
        return new Result(rate, published.get() / window[0], sustained, sampler.maxLag(),
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9), latency.getMaxValue(), sampler.maxHeapMb(), sampler.maxRssMb(),
                afterLastGc, liveBefore, liveAfter, published.get(), learned.get(),
                summary.deadLetters(), visibility.percentileMs(50), visibility.percentileMs(99));
    }

    /** Heap in use right after a full collection, in MiB: the live set. */
    private static long liveHeapMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    /** Waits (up to 60 s) until a member of {@code group} has been assigned every partition of {@code topics}. */
    private static void awaitAssignment(String bootstrap, String group, List<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                Set<String> assigned = new HashSet<>();
                try {
                    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                            .get(10, TimeUnit.SECONDS).get(group);
                    d.members().forEach(m -> m.assignment().topicPartitions().forEach(tp -> assigned.add(tp.topic())));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                    // the consumer has not joined yet
                }
                if (assigned.containsAll(topics)) {
                    return;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the consumer group " + group, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot see the service's consumer group " + group, e);
        }
        throw new IllegalStateException("the service's consumer got no partitions within 60 s");
    }

    /**
     * Publishes the labels of the first two cycles, then cycles of the corpus on every stream at {@code rate}
     * events/s (0 = unpaced) for {@code seconds}, each cycle starting with the labels of the cycle after it; returns
     * the {@link System#nanoTime} at which the events started.
     */
    private long publish(KafkaProducer<String, byte[]> producer, List<String> topics, long rate, int seconds,
                         AtomicLong published) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        CRC32C crc = new CRC32C();
        // labels go one cycle ahead of the events they cover: a label topic that is never behind keeps the consumer
        // from holding events back for it, and no stream has more labels waiting for its first events than the
        // service keeps (it dead-letters labels of a stream beyond 10,000 waiting ones)
        long eventsPerCycle = corpusEvents * options.streams();
        long cycles = 2 + (rate > 0 ? rate : MAX_RATE_GUESS) * seconds / eventsPerCycle;
        publishLabels(producer, topics.get(1), 0, failure);
        publishLabels(producer, topics.get(1), 1, failure);
        producer.flush();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (long cycle = 0; cycle < cycles && System.nanoTime() < end && failure.get() == null; cycle++) {
            long cycleShift = cycle * spanUs;
            if (cycle > 0) {
                publishLabels(producer, topics.get(1), cycle + 1, failure);
            }
            for (Template t : templates) {
                for (int s = 0; s < options.streams(); s++) {
                    if (rate > 0) {
                        long due = start + (long) (sent * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    if (System.nanoTime() >= end) {
                        break;
                    }
                    byte[] bytes = retimed(t, s, cycleShift + t.sessionShiftUs(), crc);
                    producer.send(new ProducerRecord<>(topics.get(0), streamId(s), bytes),
                            (m, e) -> fail(failure, e));
                    sent += t.events();
                    published.addAndGet(t.events());
                }
                if (System.nanoTime() >= end) {
                    break;
                }
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing failed", failure.get());
        }
        return start;
    }

    /** Publishes the labels of cycle {@code cycle} on every stream. */
    private void publishLabels(KafkaProducer<String, byte[]> producer, String topic, long cycle,
                               AtomicReference<Exception> failure) {
        long shift = cycle * spanUs;
        for (int s = 0; s < options.streams(); s++) {
            String stream = streamId(s);
            for (LabelSegment l : labels) {
                producer.send(new ProducerRecord<>(topic, stream, LabelCodec.encode(new LabelSegment(stream,
                        l.classId(), l.startUs() + shift, l.endUs() + shift, l.learn()))), (m, e) -> fail(failure, e));
            }
        }
    }

    private static String streamId(int s) {
        return String.format(Locale.ROOT, "cam-%02d", s);
    }

    /**
     * A copy of the template packet for stream {@code s}, its base timestamp moved by {@code shiftUs}: the sensor id
     * and the i64 base are rewritten in place and the CRC-32C recomputed (docs/wire-format.md).
     */
    private static byte[] retimed(Template t, int s, long shiftUs, CRC32C crc) {
        byte[] b = t.bytes().clone();
        byte[] id = streamId(s).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, b, PacketCodec.FIXED_HEADER_BYTES, id.length);
        int at = PacketCodec.FIXED_HEADER_BYTES + id.length;
        long base = 0;
        for (int k = 0; k < 8; k++) {
            base = base << 8 | (b[at + k] & 0xFF);
        }
        base += shiftUs;
        for (int k = 7; k >= 0; k--) {
            b[at + k] = (byte) base;
            base >>>= 8;
        }
        int end = b.length - PacketCodec.CRC_BYTES;
        crc.reset();
        crc.update(b, 0, end);
        int v = (int) crc.getValue();
        b[end] = (byte) (v >>> 24);
        b[end + 1] = (byte) (v >>> 16);
        b[end + 2] = (byte) (v >>> 8);
        b[end + 3] = (byte) v;
        return b;
    }

    private static void fail(AtomicReference<Exception> failure, Exception e) {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    }

    private void table(List<Result> results) {
        out.println();
        out.printf("%-10s %10s %10s %12s %8s %8s %8s %8s %8s %8s %8s %8s %11s %s%n", "offered", "published",
                "sustained", "max lag", "p50 ms", "p99 ms", "p999 ms", "max ms", "vis p50", "vis p99", "heap MB",
                "RSS MB", "live MB", "lost");
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-10s %10s %10s %,12d %8.0f %8.0f %8.0f %8.0f %8.0f %8.0f %8d %8d %11s %s%n",
                    r.offered() == 0 ? "max" : r.offered() == BACKLOG ? "backlog" : mega(r.offered()),
                    mega(r.published()), mega(r.sustained()),
                    r.maxLagEvents(), r.p50Ms(), r.p99Ms(), r.p999Ms(), r.maxMs(), r.visibleP50Ms(),
                    r.visibleP99Ms(), r.maxHeapMb(), r.maxRssMb(),
                    r.liveBeforeMb() + "->" + r.liveAfterMb(), r.nothingLost() ? "none"
                            : "LOST " + (r.publishedEvents() - r.learnedEvents()) + " events, " + r.deadLetters()
                            + " dead letters");
        }
        out.println("(events/s in M; lag in events; latency: append in Kafka -> packet learned from; vis: a "
                + "prediction's send -> its arrival at a read_committed consumer (the commit wait); "
                + "heap and RSS: maxima sampled every 250 ms; live: heap after a full GC before -> after the run; "
                + "backlog: sustained = events / first to last packet learned, the publisher done before)");
    }

    private static String mega(double perSecond) {
        return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
    }
}
