package io.nacastream.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nacastream.ingest.kafka.RejectKind;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.service.stream.ProcessingMetrics;
import io.nacastream.service.stream.ProcessorView;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The service's Prometheus metrics (Micrometer). Counters are bumped once per packet, not per event; with
 * {@code metrics.enabled=false} every method returns at once and nothing is registered.
 */
public final class ServiceMetrics implements ProcessingMetrics, AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong assigned = new AtomicLong();
    private Counter events;
    private Counter packets;
    private Counter spikes;
    private final Map<RejectKind, Counter> deadLetters = new EnumMap<>(RejectKind.class);
    private Counter clockResyncs;
    private Counter numericFaults;
    private final AtomicLong weightGrowthMilli = new AtomicLong();
    private Counter replaySkipped;
    private Counter created;
    private Counter restored;
    private Counter restoreFailed;
    private Counter evicted;
    private Counter saved;
    private Counter checkpoints;
    private Counter segmentsLearned;
    private Counter segmentsHeldOut;
    private Timer latency;
    private Timer checkpointTime;
    private Timer commitTime;
    private LongSupplier committed = () -> 0;
    private LongSupplier aborted = () -> 0;
    private LongSupplier suppressed = () -> 0;
    private Supplier<ProcessorView> view = () -> ProcessorView.EMPTY;
    private JvmGcMetrics gc;

    private ServiceMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers how outputs are committed: {@code naca_commit_interval_seconds{guarantee}} (under at-least-once, the
     * checkpoint interval, after which offsets are committed), transactions committed and aborted, the time a commit
     * takes, and the outputs not published again because they were already committed (read at scrape time).
     */
    public void commits(String guarantee, Duration interval, LongSupplier committed, LongSupplier aborted,
                        LongSupplier suppressed) {
        if (registry == null) {
            return;
        }
        this.committed = committed;
        this.aborted = aborted;
        this.suppressed = suppressed;
        double seconds = interval.toNanos() / 1e9;
        Gauge.builder("naca.commit.interval", () -> seconds).tag("guarantee", guarantee).baseUnit("seconds")
                .description("Wall time between two commits of outputs and input offsets").register(registry);
        FunctionCounter.builder("naca.transactions", this, m -> m.committed.getAsLong()).tag("outcome", "committed")
                .description("Kafka transactions of outputs, checkpoints and offsets, by outcome").register(registry);
        FunctionCounter.builder("naca.transactions", this, m -> m.aborted.getAsLong()).tag("outcome", "aborted")
                .description("Kafka transactions of outputs, checkpoints and offsets, by outcome").register(registry);
        FunctionCounter.builder("naca.replay.suppressed.outputs", this, m -> m.suppressed.getAsLong())
                .description("Outputs not published again while input already committed was learned again after a "
                        + "restart or hand-over").register(registry);
        commitTime = Timer.builder("naca.transaction.commit.duration")
                .description("Time to commit one transaction (offsets, outputs and checkpoint records)")
                .publishPercentileHistogram().register(registry);
    }

    /** A transaction committed in {@code nanos}. */
    public void committed(long nanos) {
        if (commitTime != null) {
            commitTime.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Metrics that record nothing and cost a branch per call. */
    public static ServiceMetrics disabled() {
        return new ServiceMetrics(null);
    }

    /** Metrics in a new Prometheus registry; {@code view} supplies the host's totals, read at scrape time. */
    public static ServiceMetrics enabled(Supplier<ProcessorView> view, EnergyModel energy) {
        ServiceMetrics m = new ServiceMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        m.register(view, energy);
        return m;
    }

    private void register(Supplier<ProcessorView> view, EnergyModel energy) {
        new JvmMemoryMetrics().bindTo(registry);   // jvm_memory_used_bytes{area,id}, jvm_memory_max_bytes
        gc = new JvmGcMetrics();                   // jvm_gc_pause_seconds, jvm_gc_live_data_size_bytes
        gc.bindTo(registry);
        // Gauges and function counters hold their state object weakly: they read the view through this object,
        // which the service holds for as long as it runs.
        this.view = view;
        PrometheusMeterRegistry r = registry;
        events = Counter.builder("naca.events").description("DVS events learned from").register(r);
        packets = Counter.builder("naca.packets").description("Event packets learned from").register(r);
        spikes = Counter.builder("naca.spikes").description("Input spikes the encoder produced").register(r);
        for (RejectKind kind : RejectKind.values()) {
            deadLetters.put(kind, Counter.builder("naca.dead.letters").tag("reason", kind.id())
                    .description("Records sent to the dead-letter topic, by reason").register(r));
        }
        numericFaults = Counter.builder("naca.numeric.faults")
                .description("Models found with NaN or infinite weights or potentials at a checkpoint, rolled back")
                .register(r);
        Gauge.builder("naca.weight.growth", this, m -> m.weightGrowthMilli.get() / 1000.0)
                .description("Largest |weight| of the last model saved, relative to its layer's initial bound")
                .register(r);
        clockResyncs = Counter.builder("naca.stream.clock.resyncs")
                .description("Streams restarted on a new timeline after their clock jumped or went back").register(r);
        replaySkipped = Counter.builder("naca.replay.skipped.events")
                .description("Events skipped after a restart because the restored model already held them").register(r);
        created = Counter.builder("naca.models.started").description("Models started from a base").register(r);
        restored = Counter.builder("naca.models.restored").description("Models restored from a checkpoint").register(r);
        restoreFailed = Counter.builder("naca.models.restore.failures")
                .description("Checkpoints that could not be restored (the stream restarted from its base)").register(r);
        evicted = Counter.builder("naca.models.evicted")
                .description("Models saved and dropped from memory to respect models.max-live").register(r);
        saved = Counter.builder("naca.models.saved").description("Model checkpoints written").register(r);
        checkpoints = Counter.builder("naca.checkpoints").description("Completed checkpoints of all partitions")
                .register(r);
        checkpointTime = Timer.builder("naca.checkpoint.duration")
                .description("Wall time of one checkpoint: save changed models and partitions, wait for the store")
                .publishPercentileHistogram().register(r);
        segmentsLearned = Counter.builder("naca.segments").tag("split", "learned")
                .description("Labelled segments scored").register(r);
        segmentsHeldOut = Counter.builder("naca.segments").tag("split", "held-out")
                .description("Labelled segments scored").register(r);
        latency = Timer.builder("naca.latency")
                .description("From an event record's Kafka timestamp to the prediction that includes it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(r);
        Gauge.builder("naca.consumer.lag", this, m -> m.lag.get())
                .description("Event and label records not yet consumed, summed over owned partitions").register(r);
        Gauge.builder("naca.partitions.assigned", this, m -> m.assigned.get())
                .description("Event partitions this instance owns").register(r);
        Gauge.builder("naca.models.live", this, m -> m.view.get().models().size())
                .description("Models in memory").register(r);
        Gauge.builder("naca.accuracy", this, m -> m.view.get().learnedAccuracy()).tag("split", "learned")
                .description("Segment accuracy, strict test-then-train (scored before learning the segment)").register(r);
        Gauge.builder("naca.accuracy", this, m -> m.view.get().heldOutAccuracy()).tag("split", "held-out")
                .description("Segment accuracy on streams never learned from").register(r);
        FunctionCounter.builder("naca.synops", this, m -> m.view.get().counts().forward().synOps())
                .tag("phase", "forward").description("Synaptic operations (adds + multiply-adds)").register(r);
        FunctionCounter.builder("naca.synops", this, m -> m.view.get().counts().learning().synOps())
                .tag("phase", "learning").description("Synaptic operations (adds + multiply-adds)").register(r);
        FunctionCounter.builder("naca.weight.writes", this, m -> m.view.get().counts().total().weightWrites())
                .description("Weights written by learning (changed or not)").register(r);
        FunctionCounter.builder("naca.energy.joules", this,
                        m -> energy.joules(m.view.get().counts()))
                .description("Estimated energy of all synaptic operations (energy.pj-per-ac, energy.pj-per-mac)")
                .register(r);
    }

    /** The Prometheus text exposition of every metric ("" when disabled). */
    public String scrape() {
        return registry == null ? "" : registry.scrape();
    }

    @Override
    public void packet(int eventCount, int spikeCount, long latencyMs) {
        if (registry != null) {
            events.increment(eventCount);
            packets.increment();
            spikes.increment(spikeCount);
            latency.record(Math.max(0, latencyMs), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void deadLetter(RejectKind kind) {
        if (registry != null) {
            deadLetters.get(kind).increment();
        }
    }

    @Override
    public void numericFault() {
        if (registry != null) {
            numericFaults.increment();
        }
    }

    @Override
    public void weightGrowth(double growth) {
        if (registry != null) {
            weightGrowthMilli.set(Math.round(growth * 1000));
        }
    }

    @Override
    public void clockResync() {
        if (registry != null) {
            clockResyncs.increment();
        }
    }

    @Override
    public void replaySkipped(int eventCount) {
        if (registry != null) {
            replaySkipped.increment(eventCount);
        }
    }

    @Override
    public void modelCreated() {
        if (registry != null) {
            created.increment();
        }
    }

    @Override
    public void modelRestored() {
        if (registry != null) {
            restored.increment();
        }
    }

    @Override
    public void restoreFailed() {
        if (registry != null) {
            restoreFailed.increment();
        }
    }

    @Override
    public void modelEvicted() {
        if (registry != null) {
            evicted.increment();
        }
    }

    @Override
    public void modelSaved() {
        if (registry != null) {
            saved.increment();
        }
    }

    @Override
    public void checkpointed(long nanos) {
        if (registry != null) {
            checkpoints.increment();
            checkpointTime.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void segment(boolean learned) {
        if (registry != null) {
            (learned ? segmentsLearned : segmentsHeldOut).increment();
        }
    }

    /** The consumer lag in records last measured (recorded even when metrics are disabled). */
    public long lagRecords() {
        return lag.get();
    }

    /** Records of the owned partitions not yet read. */
    public void lag(long records) {
        lag.set(records);
    }

    /** Partitions owned right now. */
    public void assigned(int partitions) {
        assigned.set(partitions);
    }

    /** Stops listening to the JVM's garbage collections. */
    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
    }
}
