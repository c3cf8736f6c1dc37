package io.nacastream.bench;

import io.nacastream.broker.EmbeddedKafka;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.kafka.PayloadEncoding;
import io.nacastream.ingest.kafka.Producers;
import io.nacastream.ingest.publish.RecordingPublisher;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.open.Recordings;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench publish}: the publisher at full speed into the in-process KRaft broker. The real EVT 3.0 sample (a
 * 25 M ev/s HD burst) is grown to {@code events} events, then published {@code runs} times, each into a fresh topic,
 * in our wire format and as unconverted EVT 3.0; every record is checked to have reached the broker (end offsets).
 */
public final class PublishBench {

    private final Path data;
    private final long events;
    private final int runs;
    private final int packetEvents;
    private final PrintStream out;

    /** A benchmark publishing about {@code events} events per run. */
    public PublishBench(Path data, long events, int runs, int packetEvents, PrintStream out) {
        this.data = data;
        this.events = events;
        this.runs = runs;
        this.packetEvents = packetEvents;
        this.out = out;
    }

    /** Runs it; returns the median M ev/s per encoding (naca-v1, evt3). */
    public double[] run() throws Exception {
        Path sample = data.resolve("evt3/evt3_sample.raw");
        if (!Files.isRegularFile(sample)) {
            throw new IllegalArgumentException(sample + " is absent; pass --data=<folder of the real samples>");
        }
        Path dir = Files.createTempDirectory("naca-publish-bench");
        Path file = new ReaderBench(data, dir, events, 1, out).build(sample, "repeat", dir.resolve("big.raw"));
        double[] medians = new double[2];
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             KafkaProducer<String, byte[]> producer = Producers.create(kafka.bootstrapServers())) {
            out.printf("publishing %s (%.1f MB) into the in-process broker, %d events per record%n", file.getFileName(),
                    Files.size(file) / 1e6, packetEvents);
            PayloadEncoding[] encodings = {PayloadEncoding.NACA_V1, PayloadEncoding.EVT3};
            for (int e = 0; e < encodings.length; e++) {
                double[] rates = new double[runs];
                for (int r = 0; r < runs; r++) {
                    String topic = "bench-" + encodings[e].id() + "-" + r;
                    KafkaTopics.ensure(kafka.bootstrapServers(), List.of(topic, topic + ".labels"), 1);
                    RecordingPublisher publisher = new RecordingPublisher(producer, new RecordingPublisher.Options(
                            topic, topic + ".labels", 0, packetEvents, 20_000, encodings[e]), System::nanoTime,
                            n -> { });
                    RecordingPublisher.Result result;
                    try (EventReader reader = Recordings.open(file, ReadOptions.defaults())) {
                        result = publisher.publish(reader, "hd", List.of(), null);
                    }
                    long records = KafkaTopics.endOffsets(kafka.bootstrapServers(), List.of(topic)).values().stream()
                            .mapToLong(Long::longValue).sum();
                    if (records != result.packets()) {
                        throw new IllegalStateException("broker holds " + records + " records, sent " + result.packets());
                    }
                    rates[r] = result.events() / (result.wallNanos() / 1e9) / 1e6;
                    out.printf(Locale.ROOT, "  %-8s run %d: %,d events, %,d records, %.1f MB, %.2f M ev/s, %.1f MB/s%n",
                            encodings[e].id(), r + 1, result.events(), records, result.bytes() / 1e6, rates[r],
                            result.bytes() / (result.wallNanos() / 1e9) / 1e6);
                }
                Arrays.sort(rates);
                medians[e] = rates[runs / 2];
                out.printf(Locale.ROOT, "%-8s median %.2f M ev/s (target 5: %s)%n", encodings[e].id(), medians[e],
                        medians[e] >= 5 ? "met" : "NOT MET");
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return medians;
    }
}
