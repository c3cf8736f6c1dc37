package io.nacastream.ingest.kafka;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.ingest.recording.aedat.Aedat4Compression;
import io.nacastream.ingest.recording.aedat.Aedat4Writer;
import io.nacastream.ingest.wire.MalformedPacketException;
import io.nacastream.ingest.wire.PacketCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz targets for every decoder of Kafka records: our wire packets, JSON labels, camera-native payloads, and
 * the {@link RecordDecoder} in front of them. A normal {@code mvn test} replays the committed corpus; fuzzing is
 * {@code JAZZER_FUZZ=1 mvn -pl ingest/kafka test -Dtest='RecordFuzzTest#<target>'} (docs/reliability.md). A decoder may
 * only refuse input with its own exception, and what it accepts must satisfy the invariants the learner relies on.
 */
class RecordFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void wirePackets(FuzzedDataProvider data) {
        byte[] bytes = data.consumeBoolean() ? damaged(data, PacketCodec.encode(validPacket(data)))
                : data.consumeRemainingAsBytes();
        EventPacket p;
        try {
            p = PacketCodec.decode(bytes);
        } catch (MalformedPacketException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            return;
        }
        assertOnSensorAndInOrder(p);
        if (!p.isEmpty()) {   // an empty packet's base time is not kept
            assertArrayEquals(bytes, PacketCodec.encode(p), "an accepted packet re-encodes to its very bytes");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void labels(FuzzedDataProvider data) {
        byte[] json = data.consumeBoolean()
                ? damaged(data, LabelCodec.encode(new LabelSegment("s" + data.consumeInt(0, 99), data.consumeInt(0, 20),
                        data.consumeLong(0, 1L << 40), (1L << 40) + data.consumeLong(1, 1L << 40), data.consumeBoolean())))
                : data.consumeRemainingAsBytes();
        LabelSegment s;
        try {
            s = LabelCodec.decode(json);
        } catch (MalformedLabelException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            return;
        }
        assertTrue(s.classId() >= 0 && s.endUs() > s.startUs());
        assertTrue(s.streamId().getBytes(StandardCharsets.UTF_8).length <= LabelCodec.MAX_STREAM_ID_BYTES);
        assertEquals(s, LabelCodec.decode(LabelCodec.encode(s)));
    }

    /** A stream of camera-native records, decoded with the state carried between them. */
    @FuzzTest(maxDuration = "60s")
    void cameraPayloads(FuzzedDataProvider data) {
        CameraPayloadDecoder decoder = new CameraPayloadDecoder(4);
        SensorGeometry g = new SensorGeometry(1 + data.consumeInt(0, 1279), 1 + data.consumeInt(0, 719));
        int records = data.consumeInt(1, 4);
        for (int r = 0; r < records; r++) {
            PayloadEncoding e = data.pickValue(new PayloadEncoding[] {PayloadEncoding.EVT2, PayloadEncoding.EVT3,
                PayloadEncoding.AEDAT4});
            Aedat4Compression c = data.pickValue(Aedat4Compression.values());
            byte[] value = e == PayloadEncoding.AEDAT4 && data.consumeBoolean()
                    ? damaged(data, Aedat4Writer.eventPacket(validPacket(data, g)))
                    : data.consumeBytes(data.consumeInt(0, 4096));
            try {
                EventPacket p = decoder.decode("cam", e, g, c, value);
                assertOnSensorAndInOrder(p);
            } catch (MalformedPacketException ex) {
                assertTrue(ex.getMessage() != null && !ex.getMessage().isEmpty());
            }
        }
    }

    /** Whatever arrives, the record decoder returns an item and never reports a decoder defect. */
    @FuzzTest(maxDuration = "60s")
    void records(FuzzedDataProvider data) {
        RecordDecoder decoder = new RecordDecoder("events", "labels");
        RecordHeaders headers = new RecordHeaders();
        if (data.consumeBoolean()) {
            headers.add(new RecordHeader(PayloadEncoding.HEADER, data.pickValue(new String[] {"naca-v1", "evt2", "evt3",
                "aedat4", "EVT3", "evt9", ""}).getBytes(StandardCharsets.UTF_8)));
            headers.add(new RecordHeader(PayloadEncoding.GEOMETRY_HEADER, data.pickValue(new String[] {"128x128",
                "1280x720", "0x5", "99999x99999", "x", ""}).getBytes(StandardCharsets.UTF_8)));
            if (data.consumeBoolean()) {
                headers.add(new RecordHeader(PayloadEncoding.COMPRESSION_HEADER, data.pickValue(new String[] {"lz4",
                    "zstd", "none", "gzip"}).getBytes(StandardCharsets.UTF_8)));
            }
        }
        String topic = data.pickValue(new String[] {"events", "labels", "other"});
        byte[] key = data.consumeBoolean() ? null : data.consumeBytes(8);
        byte[] value = data.consumeBoolean() ? null : data.consumeRemainingAsBytes();
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(topic, 0, 7, 0, TimestampType.CREATE_TIME,
                -1, -1, key, value, headers, Optional.empty());
        StreamItem item = decoder.decode(record);
        assertEquals(7, item.origin().offset());
        if (item instanceof StreamItem.Rejected r) {
            assertFalse(r.reason().startsWith("decoder failure"), r.reason());
            assertTrue(r.value() == value, "the original bytes are kept");
        } else if (item instanceof StreamItem.Packet p) {
            assertOnSensorAndInOrder(p.packet());
        }
    }

    private static EventPacket validPacket(FuzzedDataProvider data) {
        return validPacket(data, new SensorGeometry(1 + data.consumeInt(0, 1279), 1 + data.consumeInt(0, 719)));
    }

    private static EventPacket validPacket(FuzzedDataProvider data, SensorGeometry g) {
        EventPacket.Builder b = EventPacket.builder("s" + data.consumeInt(0, 9), g.width(), g.height(), 16);
        long t = data.consumeLong(-(1L << 40), 1L << 40);
        for (int i = 0, n = data.consumeInt(0, 32); i < n; i++) {
            t += data.consumeInt(0, 1 << 20);
            b.add(data.consumeInt(0, g.width() - 1), data.consumeInt(0, g.height() - 1), data.consumeBoolean(), t);
        }
        return b.build();
    }

    /** Truncates, overwrites 32-bit words with boundary values, or flips bits, as the fuzzer chooses. */
    private static byte[] damaged(FuzzedDataProvider data, byte[] bytes) {
        for (int e = 0, edits = data.consumeInt(0, 4); e < edits && bytes.length > 0; e++) {
            int at = data.consumeInt(0, bytes.length - 1);
            switch (data.consumeInt(0, 2)) {
                case 0 -> bytes = Arrays.copyOf(bytes, at);
                case 1 -> {
                    int v = data.pickValue(new int[] {-1, 0, 0x7FFF_FFFF, 0x8000_0000, 1 << 16, data.consumeInt()});
                    for (int k = 0; k < 4 && at + k < bytes.length; k++) {
                        bytes[at + k] = (byte) (v >>> (8 * (3 - k)));
                    }
                }
                default -> bytes[at] ^= (byte) (1 << data.consumeInt(0, 7));
            }
        }
        return bytes;
    }

    private static void assertOnSensorAndInOrder(EventPacket p) {
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < p.size(); i++) {
            assertTrue(p.x(i) >= 0 && p.x(i) < p.width() && p.y(i) >= 0 && p.y(i) < p.height(), p.toString());
            assertTrue(p.timestampUs(i) >= previous, "timestamps in order");
            previous = p.timestampUs(i);
        }
    }
}
