package io.nacastream.service.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.service.config.HttpSettings;
import io.nacastream.sink.EnergyReport;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live dashboard's state: a {@link StreamPanel} per stream, the energy of each learner that reports, and the
 * throughput, latency and lag of the run. The learner thread feeds it ({@link DashboardFeed}); HTTP threads read it
 * as JSON ({@link #frame}, {@link #overview}, {@link #learning}).
 */
public final class Dashboard implements DashboardFeed {

    private static final int LATENCIES = 1024;
    /** Streams shown at most; beyond, the least recently active one is forgotten (its panel, not its model). */
    static final int MAX_STREAMS = 1_000;

    private final Clock clock;
    private final ClassNames names;
    private final int window;
    private final Map<String, StreamPanel> panels = new ConcurrentSkipListMap<>();
    private final Map<String, EnergyReport> energy = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> continual = new ConcurrentSkipListMap<>();   // learner -> its tasks
    private final long[] latencies = new long[LATENCIES];
    private final long[] rateSamples = new long[2];   // {time ms, events} at the start of the current second
    private long latencyCount;
    private long events;
    private double eventsPerSecond;
    private final AtomicLong packetSequence = new AtomicLong();
    private final AtomicLong viewers = new AtomicLong();
    private volatile long lag = -1;
    /** Commit interval (ms), transactions committed and aborted; null until the service reports them. */
    private volatile long[] commits;
    private volatile String guarantee;

    /** A dashboard of the classes {@code names} scoring the last {@code window} gestures of each stream. */
    public Dashboard(Clock clock, ClassNames names, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.clock = clock;
        this.names = names;
        this.window = window;
        this.rateSamples[0] = clock.millis();
    }

    /**
     * The dashboard {@code http} asks for: one of the classes {@code names} when it serves the dashboard (enabled, and
     * HTTP on), else null.
     */
    public static Dashboard configured(HttpSettings http, ClassNames names, Clock clock) {
        return http.servesDashboard() ? new Dashboard(clock, names, http.dashboardWindow()) : null;
    }

    @Override
    public void packet(EventPacket packet, long latencyMs) {
        long now = clock.millis();
        panel(packet.sensorId()).packet(packet, packetSequence.incrementAndGet(), now);
        synchronized (this) {
            events += packet.size();
            latencies[(int) (latencyCount++ % LATENCIES)] = latencyMs;
            if (now - rateSamples[0] >= 1000) {
                eventsPerSecond = (events - rateSamples[1]) * 1000.0 / (now - rateSamples[0]);
                rateSamples[0] = now;
                rateSamples[1] = events;
            }
        }
    }

    @Override
    public void prediction(Prediction prediction) {
        panel(prediction.streamId()).prediction(prediction);
    }

    @Override
    public void segment(SegmentResult result) {
        panel(result.streamId()).segment(result);
    }

    @Override
    public void energy(EnergyReport report) {
        energy.put(report.algorithm(), report);
    }

    @Override
    public void tasks(String learner, List<Set<Integer>> tasks, double[][] accuracy, int completed) {
        ObjectNode run = Json.object().put("learner", learner);
        ArrayNode classes = run.putArray("tasks");
        for (Set<Integer> task : tasks) {
            task.forEach(classes.addArray()::add);
        }
        ArrayNode after = run.putArray("after");
        for (int j = 0; j < completed; j++) {
            ArrayNode row = after.addArray();
            for (int i = 0; i <= j; i++) {
                Json.add(row, accuracy[j][i]);
            }
        }
        continual.put(learner, run);
    }

    @Override
    public void lag(long records) {
        lag = records;
    }

    @Override
    public void commits(String guarantee, long intervalMs, long committed, long aborted) {
        commits = new long[] {intervalMs, committed, aborted};
        this.guarantee = guarantee;
    }

    /** Viewers connected to the event stream right now. */
    public long viewers() {
        return viewers.get();
    }

    /** A viewer connected ({@code +1}) or left ({@code -1}). */
    void viewer(int delta) {
        viewers.addAndGet(delta);
    }

    /** The streams seen so far, sorted. */
    public List<String> streams() {
        return new ArrayList<>(panels.keySet());
    }

    /**
     * The stream a viewer who picked none should see: {@code current} while it sent a packet within the last
     * {@code stickyMs}, else the stream that sent the latest packet ("" before any). Interleaved streams would
     * otherwise swap the view at every packet.
     */
    public String activeStream(String current, long stickyMs) {
        StreamPanel p = current.isEmpty() ? null : panels.get(current);
        if (p != null && clock.millis() - p.lastPacketMs() <= stickyMs) {
            return current;
        }
        return activeStream();
    }

    /** The stream that sent the latest packet, or "" before any. */
    public String activeStream() {
        String active = "";
        long latest = Long.MIN_VALUE;
        for (StreamPanel p : panels.values()) {
            long t = p.lastPacket();
            if (t > latest) {
                latest = t;
                active = p.streamId();
            }
        }
        return active;
    }

    /** The current image, prediction and label of {@code stream} as JSON, or null if it has not been seen. */
    public String frame(String stream) {
        StreamPanel p = panels.get(stream);
        return p == null ? null : p.frame(clock.millis());
    }

    /** Accuracy, κ, history and confusion matrix of {@code stream} as JSON, or null if it has not been seen. */
    public String learning(String stream) {
        StreamPanel p = panels.get(stream);
        return p == null ? null : p.learning();
    }

    /**
     * Streams, class names, throughput, latency, lag, commits, energy per learner and continual-learning tasks, as
     * JSON.
     */
    public String overview() {
        ObjectNode o = Json.object();
        ArrayNode streams = o.putArray("streams");
        for (StreamPanel p : panels.values()) {   // sorted by stream id
            streams.addObject().put("id", p.streamId()).put("events", p.events()).put("segments", p.segments());
        }
        ArrayNode classNames = o.putArray("classes");
        names.names().forEach(classNames::add);
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(latencies, (int) Math.min(latencyCount, LATENCIES));
            long since = clock.millis() - rateSamples[0];
            // no packet for 2 s: the rate since the last sample (towards 0), not the last busy second's
            Json.put(o.put("events", events), "eventsPerSecond",
                    since >= 2000 ? (events - rateSamples[1]) * 1000.0 / since : eventsPerSecond);
        }
        Arrays.sort(sorted);
        putPercentile(o, "latencyP50Ms", sorted, 0.5);
        putPercentile(o, "latencyP99Ms", sorted, 0.99);
        if (lag < 0) {
            o.putNull("lag");
        } else {
            o.put("lag", lag);
        }
        long[] c = commits;
        if (c == null) {
            o.putNull("commits");
        } else {
            o.putObject("commits").put("guarantee", guarantee).put("intervalMs", c[0]).put("committed", c[1])
                    .put("aborted", c[2]);
        }
        ArrayNode costs = o.putArray("energy");
        List<EnergyReport> reports = new ArrayList<>(energy.values());
        reports.sort(Comparator.comparing(EnergyReport::algorithm));
        for (EnergyReport r : reports) {
            long spikes = r.counts().events();
            long synOps = r.counts().total().synOps();
            ObjectNode e = costs.addObject().put("algorithm", r.algorithm()).put("inputSpikes", spikes)
                    .put("synapticOps", synOps);
            Json.put(Json.put(Json.put(e, "joules", r.joules()), "joulesPerSpike", r.joulesPerEvent()),
                    "synapticOpsPerSpike", spikes == 0 ? 0 : (double) synOps / spikes);
        }
        o.putArray("continual").addAll(continual.values());
        return Json.text(o);
    }

    private StreamPanel panel(String stream) {
        StreamPanel p = panels.get(stream);
        if (p != null) {
            return p;
        }
        if (panels.size() >= MAX_STREAMS) {
            panels.values().stream().min(Comparator.comparingLong(StreamPanel::lastPacket))
                    .ifPresent(oldest -> panels.remove(oldest.streamId()));
        }
        return panels.computeIfAbsent(stream, id -> new StreamPanel(id, names.count(), window));
    }

    private static void putPercentile(ObjectNode o, String field, long[] sorted, double q) {
        if (sorted.length == 0) {
            o.putNull(field);
            return;
        }
        int rank = (int) Math.ceil(q * sorted.length);   // nearest rank
        o.put(field, sorted[Math.max(0, Math.min(sorted.length, rank) - 1)]);
    }
}
