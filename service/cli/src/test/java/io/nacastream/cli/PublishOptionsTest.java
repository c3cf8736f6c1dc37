package io.nacastream.cli;

import io.nacastream.ingest.publish.Progress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The publisher's option parsing and its progress line, on an injected clock. */
class PublishOptionsTest {

    @Test
    void speedsParseOrFailClearly() {
        assertEquals(0, PublishCommand.speed("max"));
        assertEquals(1, PublishCommand.speed("realtime"));
        assertEquals(4, PublishCommand.speed("4x"));
        assertEquals(0.5, PublishCommand.speed("0.5"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublishCommand.speed("-2x"));
        assertTrue(e.getMessage().contains("positive factor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PublishCommand.parse(new String[] {"--sped=4x", "f"}));
        assertTrue(e.getMessage().contains("unknown option --sped"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PublishCommand.parse(new String[] {"a", "b"}));
        assertTrue(e.getMessage().contains("one recording"), e.getMessage());
    }

    @Test
    void loopDurationsAndLabelModesParseOrFailNamingTheOption() {
        assertEquals(60_000_000, ReplayOptions.durationUs("60s"));
        assertEquals(60_000_000, ReplayOptions.durationUs("60"));
        assertEquals(1_500_000, ReplayOptions.durationUs("1.5"));
        assertEquals(500_000, ReplayOptions.durationUs("500ms"));
        assertEquals(120_000_000, ReplayOptions.durationUs("2m"));
        assertEquals(3_600_000_000L, ReplayOptions.durationUs("1h"));
        for (String bad : new String[] {"", "0", "-1s", "1e3", "abc", "5 min", "0.0000001s", "9999h"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ReplayOptions.durationUs(bad), bad);
            assertTrue(e.getMessage().startsWith("--loop must be"), e.getMessage());
        }
        ReplayOptions cycle = ReplayOptions.of(java.util.Map.of("labels", "cycle:250", "loop", "10s"));
        assertEquals(new ReplayOptions(10_000_000, "cycle", 250_000, 11), cycle, "11: the default learner.classes");
        assertTrue(cycle.replays());
        assertEquals(3, ReplayOptions.of(java.util.Map.of("labels", "cycle:1", "classes", "3")).classes());
        assertEquals("none", ReplayOptions.of(java.util.Map.of("no-labels", "true")).mode());
        assertTrue(!ReplayOptions.of(java.util.Map.of()).replays(), "no loop, file labels: the plain publish");
        for (java.util.Map<String, String> bad : java.util.List.of(java.util.Map.of("labels", "cycle"),
                java.util.Map.of("labels", "cycle:-5"), java.util.Map.of("labels", "file", "classes", "3"),
                java.util.Map.of("labels", "cycle:5", "classes", "0"), java.util.Map.of("labels", "cycle:5",
                        "no-labels", "true"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplayOptions.of(bad),
                    bad.toString());
            assertTrue(e.getMessage().contains("--labels") || e.getMessage().contains("--classes"), e.getMessage());
        }
    }

    @Test
    void progressLineShowsBarRateAndThroughputAtMostEveryInterval() {
        assertEquals("[############............]  50% cam 2,000,000 events  1.00 M ev/s  8.0 MB/s  2.0 s",
                Progress.line("cam", 16_000_000, 32_000_000, 2_000_000, 2_000_000_000L));
        assertEquals("stdin 10 events  0.00 M ev/s  0.0 MB/s  1.0 s", Progress.line("stdin", 80, -1, 10, 1_000_000_000L));

        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get, 250_000_000L);
        p.update("cam", 1, 10, 1);
        now.set(100_000_000L);
        p.update("cam", 2, 10, 2);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing before the first interval");
        now.set(300_000_000L);
        p.update("cam", 3, 10, 3);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("\r[#######"), bytes.toString());
    }

    @Test
    void kafkaClientPropertiesComeFromOptionsEnvironmentAndTheServicesConfigFile(@org.junit.jupiter.api.io.TempDir
                                                                                 java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("naca.properties");
        java.nio.file.Files.writeString(file, "kafka.sasl.mechanism=SCRAM-SHA-512\ngroup.id=ignored-by-publish\n");
        java.nio.file.Files.writeString(dir.resolve("jaas"), "secret-jaas");
        PublishCommand.Args args = PublishCommand.parse(new String[] {"--bootstrap=kafka-1:9093",
            "--kafka.security.protocol=SASL_SSL", "--config-file=" + file,
            "--kafka.sasl.jaas.config=${file:" + dir.resolve("jaas") + "}", "rec.aedat4"});
        io.nacastream.ingest.kafka.KafkaClientConfig clients = PublishCommand.kafkaClients(args,
                java.util.Map.of("NACA_KAFKA_PRODUCER_COMPRESSION_TYPE", "zstd"));
        io.nacastream.ingest.kafka.KafkaClientConfig.Kind producer =
                io.nacastream.ingest.kafka.KafkaClientConfig.Kind.PRODUCER;
        assertEquals("kafka-1:9093", clients.bootstrap());
        assertEquals("SASL_SSL", clients.property(producer, "security.protocol"));
        assertEquals("SCRAM-SHA-512", clients.property(producer, "sasl.mechanism"));
        assertEquals("secret-jaas", clients.property(producer, "sasl.jaas.config"));
        assertEquals("zstd", clients.property(producer, "compression.type"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublishCommand.kafkaClients(
                PublishCommand.parse(new String[] {"--kafka.linger.msec=5", "rec.aedat4"}), java.util.Map.of()));
        assertTrue(e.getMessage().contains("'kafka.linger.msec'"), e.getMessage());
    }
}
