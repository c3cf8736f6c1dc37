package io.nacastream.tests;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.kafka.PayloadEncoding;
import io.nacastream.ingest.kafka.Producers;
import io.nacastream.ingest.wire.PacketCodec;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import static io.nacastream.tests.Eventually.await;
import static io.nacastream.tests.ServiceHttp.get;
import static io.nacastream.tests.SinkTopicReader.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input on every path of a running service on a real broker: damaged and lying packets (with valid CRCs, so
 * the checks behind the CRC are reached), camera payloads without their headers, malformed and impossible labels,
 * labels of a stream that never comes, and a stream whose clock goes backwards, jumps by hours and restarts. Every
 * bad record must reach the dead-letter topic with its kind, reason and original bytes and be counted by reason;
 * the good streams must be learned exactly once around them.
 */
@ExtendWith(SharedBroker.class)
class ServiceHostileInputTest {

    private static final String EVENTS = "hostile.events";
    private static final String LABELS = "hostile.labels";
    private static final String CHECKPOINTS = "hostile.checkpoints";
    private static final String DEAD = "hostile.dead-letter";
    private static final long HOUR_US = 3_600_000_000L;

    private record Bad(String topic, String key, byte[] value, String kind, String reason) {
    }

    @Test
    void everyBadRecordIsDeadLetteredWithItsReasonAndTheStreamsGoOn() throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        KafkaTopics.ensure(bootstrap, List.of(EVENTS, LABELS), 1);
        StagedStreams streams = StagedStreams.render(2, 11);
        List<Bad> bad = hostileRecords();
        List<byte[]> clockwork = new ArrayList<>();   // the clock stream's packets that must be learned
        streams.publishLabels(bootstrap, LABELS);
        try (KafkaProducer<String, byte[]> p = Producers.create(bootstrap)) {
            for (Bad b : bad) {
                if (b.topic.equals(LABELS)) {
                    p.send(new ProducerRecord<>(LABELS, b.key, b.value));
                }
            }
        }
        streams.publishPart(bootstrap, EVENTS, 0, 2);
        try (KafkaProducer<String, byte[]> p = Producers.create(bootstrap)) {
            for (Bad b : bad) {
                if (b.topic.equals(EVENTS)) {
                    ProducerRecord<String, byte[]> r = new ProducerRecord<>(EVENTS, b.key, b.value);
                    if (b.reason.contains("naca.geometry")) {
                        r.headers().add(new RecordHeader(PayloadEncoding.HEADER, "evt3".getBytes()));
                    } else if (b.reason.contains("evt9")) {
                        r.headers().add(new RecordHeader(PayloadEncoding.HEADER, "evt9".getBytes()));
                    }
                    p.send(r);
                }
            }
            publishClockStream(p, clockwork);
        }
        streams.publishPart(bootstrap, EVENTS, 1, 2);

        ServiceConfig config = TestServices.config("hostile", "stream.resync-packets=3",
                "labels.orphan-timeout-s=10");
        // the orphan timeout leaves the real streams (labels first, then events) ample time to send their events
        int expectedDead = bad.size() + 4;   // + the clock stream's four refused packets
        String metrics;
        try (StreamService service = new StreamService(config, bootstrap, Clock.systemUTC()).start()) {
            String base = "http://127.0.0.1:" + service.httpPort();
            await("everything consumed and checkpointed", () -> StagedStreams.committedAtEnd(bootstrap, "hostile",
                    EVENTS) && StagedStreams.committedAtEnd(bootstrap, "hostile", LABELS));
            await("the orphan label expired", () -> PrometheusText.sum(get(base + "/metrics").body(),
                    "naca_dead_letters_total") >= expectedDead);
            metrics = get(base + "/metrics").body();
            assertEquals(200, get(base + "/health/ready").statusCode(), "still ready");
        }

        List<ConsumerRecord<byte[], byte[]>> dead = SinkTopicReader.readAll(bootstrap, DEAD);
        assertEquals(expectedDead, dead.size());
        Map<String, Integer> byKind = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            byKind.merge(header(r, SinkWriter.HEADER_ERROR_KIND), 1, Integer::sum);
        }
        Map<String, Integer> expectedKinds = new TreeMap<>();
        bad.forEach(b -> expectedKinds.merge(b.kind, 1, Integer::sum));
        expectedKinds.merge("clock", 4, Integer::sum);
        assertEquals(expectedKinds, byKind, "dead letters by kind");
        for (Bad b : bad) {   // each bad record is there with its reason and its very bytes
            ConsumerRecord<byte[], byte[]> r = dead.stream().filter(d -> Arrays.equals(d.value(), b.value)
                    && b.topic.equals(header(d, SinkWriter.HEADER_SOURCE_TOPIC))).findFirst()
                    .orElseThrow(() -> new AssertionError("not dead-lettered: " + b.reason));
            assertTrue(header(r, SinkWriter.HEADER_ERROR).contains(b.reason), header(r, SinkWriter.HEADER_ERROR)
                    + " should say " + b.reason);
            assertEquals(b.kind, header(r, SinkWriter.HEADER_ERROR_KIND));
        }
        assertEquals(4, dead.stream().filter(d -> "clock".equals(header(d, SinkWriter.HEADER_ERROR_KIND))
                && header(d, SinkWriter.HEADER_ERROR).startsWith("stream clockwork: packet ")).count());
        for (String kind : expectedKinds.keySet()) {
            assertEquals((double) expectedKinds.get(kind), PrometheusText.value(metrics,
                    "naca_dead_letters_total{reason=\"" + kind + "\"}").orElse(-1), kind);
        }
        assertEquals(1, PrometheusText.value(metrics, "naca_stream_clock_resyncs_total").orElse(-1));

        Map<String, StagedStreams.Tally> expected = StagedStreams.published(bootstrap, EVENTS);
        long clockEvents = clockwork.stream().mapToLong(b -> PacketCodec.decode(b).size()).sum();
        expected.put("clockwork", new StagedStreams.Tally(clockEvents, clockwork.size()));
        StagedStreams.assertLearnedExactlyOnce(bootstrap, EVENTS, CHECKPOINTS, expected, 1);
    }

    /** Bad records of every kind, with the words their dead letter must contain. */
    private static List<Bad> hostileRecords() {
        byte[] good = PacketCodec.encode(packet("user01", 10_000, 20_000, 30_000));
        int count = PacketCodec.FIXED_HEADER_BYTES + "user01".length() + 8;
        int firstEvent = count + 4;
        List<Bad> bad = new ArrayList<>();
        bad.add(new Bad(EVENTS, "user01", "not an event packet, whatever its key says".getBytes(), "malformed-packet",
                "bad magic"));
        bad.add(new Bad(EVENTS, "user01", Arrays.copyOf(good, good.length - 5), "malformed-packet", "truncated"));
        bad.add(new Bad(EVENTS, "user01", patched(good, 2, 9, 1), "malformed-packet", "unsupported version 9"));
        bad.add(new Bad(EVENTS, "user01", patched(good, count, 0x8000_0000, 4), "malformed-packet",
                "header claims 2147483648 events"));
        bad.add(new Bad(EVENTS, "user01", patched(good, firstEvent + 4, 200, 4), "malformed-packet",
                "(200,0) outside sensor 128x128"));
        bad.add(new Bad(EVENTS, "user01", patched(good, firstEvent + 16, 0, 4), "malformed-packet",
                "event 2: timestamp goes backwards"));
        bad.add(new Bad(EVENTS, "user01", patched(good, good.length - 1, good[good.length - 1] ^ 1, 0),
                "malformed-packet", "CRC-32C mismatch"));
        bad.add(new Bad(EVENTS, "cam7", new byte[] {0, 0x10, 0, 0}, "malformed-payload", "naca.geometry"));
        bad.add(new Bad(EVENTS, "cam7", new byte[] {0, 0x10}, "malformed-payload", "evt9"));
        bad.add(new Bad(LABELS, "user01", "{\"streamId\":".getBytes(), "malformed-label", "not valid JSON"));
        bad.add(new Bad(LABELS, "user01", label("user01", "4294967299", "true"), "malformed-label", "'classId'"));
        bad.add(new Bad(LABELS, "user01", label("user01", "1", "\"no\""), "malformed-label", "'learn'"));
        bad.add(new Bad(LABELS, "user01", label("user01", "42", "true"), "unknown-class",
                "label class 42 is not one of the model's 11 classes"));
        bad.add(new Bad(LABELS, "ghost", label("ghost", "3", "true"), "orphan-label",
                "stream ghost, which sent no events"));
        return bad;
    }

    /**
     * The clock stream: a good packet, one going back, one jumping three hours, a good one, then a camera restart
     * (time back to 0) that is refused twice and accepted on the third packet, and one more on the new timeline.
     */
    private static void publishClockStream(KafkaProducer<String, byte[]> p, List<byte[]> learned) {
        long t = 50_000_000;
        byte[][] all = {
            PacketCodec.encode(packet("clockwork", t, t + 1000, t + 2000)),          // learned
            PacketCodec.encode(packet("clockwork", t - 10_000, t - 9000)),           // backwards: refused
            PacketCodec.encode(packet("clockwork", t + 3 * HOUR_US, t + 3 * HOUR_US + 5)),   // jump: refused
            PacketCodec.encode(packet("clockwork", t + 3000, t + 4000)),             // learned
            PacketCodec.encode(packet("clockwork", 0, 1000)),                        // restart: refused
            PacketCodec.encode(packet("clockwork", 2000, 3000)),                     // refused
            PacketCodec.encode(packet("clockwork", 4000, 5000, 6000)),               // third agreeing: resync
            PacketCodec.encode(packet("clockwork", 7000, 8000)),                     // learned
        };
        int[] learnedAt = {0, 3, 6, 7};
        for (byte[] b : all) {
            p.send(new ProducerRecord<>(EVENTS, "clockwork", b));
        }
        for (int i : learnedAt) {
            learned.add(all[i]);
        }
    }

    private static EventPacket packet(String stream, long... times) {
        EventPacket.Builder b = EventPacket.builder(stream, 128, 128, times.length);
        for (int i = 0; i < times.length; i++) {
            b.add(i, 0, i % 2 == 0, times[i]);
        }
        return b.build();
    }

    /** {@code bytes} with {@code width} big-endian bytes at {@code at} set to {@code value}, CRC made valid again. */
    private static byte[] patched(byte[] bytes, int at, long value, int width) {
        byte[] out = bytes.clone();
        for (int k = 0; k < width; k++) {
            out[at + k] = (byte) (value >>> (8 * (width - 1 - k)));
        }
        if (width == 0) {   // a damaged trailer: flip without repairing
            out[at] = (byte) value;
            return out;
        }
        CRC32C crc = new CRC32C();
        crc.update(out, 0, out.length - 4);
        ByteBuffer.wrap(out, out.length - 4, 4).putInt((int) crc.getValue());
        return out;
    }

    private static byte[] label(String stream, String classId, String learn) {
        return ("{\"streamId\":\"" + stream + "\",\"classId\":" + classId + ",\"startUs\":0,\"endUs\":1000,"
                + "\"learn\":" + learn + "}").getBytes(StandardCharsets.UTF_8);
    }

}
