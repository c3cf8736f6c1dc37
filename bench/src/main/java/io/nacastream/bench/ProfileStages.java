package io.nacastream.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench profile FILE.jfr}: where a flight recording of the service spent its Java execution samples, by stage
 * of the processing path (poll, decode, encode, learn, sink, checkpoint, ...). A learner-thread sample belongs to the
 * stage of the frame nearest the top of its stack that names one (a sink write made while learning is sink, not
 * learning); other threads are told apart by their names (poll, checkpoint, publisher, producer I/O) or by what their
 * stacks run (the broker). GC and native I/O threads are not sampled by JFR.
 */
public final class ProfileStages {

    /** A stage and the class-name prefixes whose frames mark it, most specific first. */
    private record Marker(String stage, List<String> prefixes) {
    }

    private static final List<Marker> LEARNER_THREAD = List.of(
            new Marker("checkpoint", List.of("io.nacastream.service.stream.Checkpointer",
                    "io.nacastream.learner.checkpoint.", "io.nacastream.service.store.")),
            new Marker("sink", List.of("io.nacastream.sink.", "io.nacastream.service.stream.PublishingListener",
                    "org.apache.kafka.clients.producer.")),
            new Marker("dashboard", List.of("io.nacastream.service.dashboard.")),
            new Marker("metrics", List.of("io.nacastream.service.metrics.", "io.micrometer.")),
            new Marker("encode", List.of("io.nacastream.encoder.")),
            new Marker("learn", List.of("io.nacastream.learner.")),
            new Marker("decode", List.of("io.nacastream.ingest.")));

    /** Threads told apart by name (their stacks can be deeper than JFR records). */
    private static final List<Marker> NAMED_THREADS = List.of(
            new Marker("poll (consumer thread)", List.of("kafka-poll-")),
            new Marker("checkpoint thread (encode, write, flush)", List.of("naca-checkpoint")),
            new Marker("publisher (benchmark)", List.of("e2e-publisher")),
            new Marker("producer I/O", List.of("kafka-producer-network-thread")));

    private static final List<Marker> OTHER_THREADS = List.of(
            new Marker("poll (consumer thread)", List.of("io.nacastream.ingest.kafka.PollLoop")),
            new Marker("publisher (benchmark)", List.of("io.nacastream.bench.EndToEndBench",
                    "io.nacastream.ingest.publish.")),
            new Marker("producer I/O", List.of("org.apache.kafka.clients.producer.internals.Sender")),
            new Marker("broker", List.of("kafka.", "org.apache.kafka.server.", "org.apache.kafka.storage.",
                    "org.apache.kafka.raft.", "org.apache.kafka.controller.", "org.apache.kafka.metadata.",
                    "org.apache.kafka.image.", "org.apache.kafka.network.", "org.apache.kafka.coordinator.")));

    private ProfileStages() {
    }

    /** Reads {@code file} and prints the share of samples per stage, learner thread first. */
    public static void run(Path file, PrintStream out) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Marker m : LEARNER_THREAD) {
            counts.put("learner thread: " + m.stage(), 0L);
        }
        counts.put("learner thread: other (stream processor, Reactor)", 0L);
        for (Marker m : NAMED_THREADS) {
            counts.put(m.stage(), 0L);
        }
        for (Marker m : OTHER_THREADS) {
            counts.putIfAbsent(m.stage(), 0L);
        }
        counts.put("other threads", 0L);
        long total = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                counts.merge(stageOf(e), 1L, Long::sum);
                total++;
            }
        }
        out.printf(Locale.ROOT, "%s: %,d execution samples%n%n| where | samples | share |%n|---|---:|---:|%n",
                file.getFileName(), total);
        for (Map.Entry<String, Long> c : counts.entrySet()) {
            out.printf(Locale.ROOT, "| %s | %,d | %.1f %% |%n", c.getKey(), c.getValue(),
                    total == 0 ? 0.0 : 100.0 * c.getValue() / total);
        }
    }

    private static String stageOf(RecordedEvent e) {
        RecordedThread thread = e.getThread("sampledThread");
        String name = thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        if (name.startsWith("naca-learner")) {
            for (RecordedFrame f : frames) {
                String type = f.getMethod().getType().getName();
                for (Marker m : LEARNER_THREAD) {
                    if (m.prefixes().stream().anyMatch(type::startsWith)) {
                        return "learner thread: " + m.stage();
                    }
                }
            }
            return "learner thread: other (stream processor, Reactor)";
        }
        for (Marker m : NAMED_THREADS) {
            if (m.prefixes().stream().anyMatch(name::startsWith)) {
                return m.stage();
            }
        }
        for (Marker m : OTHER_THREADS) {
            for (RecordedFrame f : frames) {
                String type = f.getMethod().getType().getName();
                if (m.prefixes().stream().anyMatch(type::startsWith)) {
                    return m.stage();
                }
            }
        }
        return "other threads";
    }
}
