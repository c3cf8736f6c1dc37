package io.nacastream.ingest.kafka;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.RealFiles;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Camera-native record payloads: the real EVT 3.0, EVT 2.0 and AEDAT 4.0 recordings cut into records at arbitrary
 * word boundaries decode to exactly the events of the file readers, with decoder state carried across records.
 */
class CameraPayloadRecordsTest {

    private final RecordDecoder decoder = new RecordDecoder("ev", "lb");
    private long offset;

    private ConsumerRecord<byte[], byte[]> record(String key, byte[] value, String... headers) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>("ev", 0, offset++, 0L, TimestampType.CREATE_TIME, 0, 0,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, h, Optional.empty());
    }

    private List<long[]> decodeAll(List<ConsumerRecord<byte[], byte[]>> records) {
        List<long[]> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            StreamItem item = decoder.decode(r);
            EventPacket p = assertInstanceOf(StreamItem.Packet.class, item, () -> item.toString()).packet();
            for (int i = 0; i < p.size(); i++) {
                out.add(new long[] {p.timestampUs(i), p.x(i), p.y(i), p.on(i) ? 1 : 0});
            }
        }
        return out;
    }

    private List<ConsumerRecord<byte[], byte[]>> cut(byte[] body, int word, String encoding, String geometry) {
        Random random = new Random(42);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        int p = 0;
        while (p < body.length) {
            int n = Math.min(body.length - p, word * (1 + random.nextInt(3000)));
            records.add(record("cam-1", java.util.Arrays.copyOfRange(body, p, p + n),
                    PayloadEncoding.HEADER, encoding, PayloadEncoding.GEOMETRY_HEADER, geometry));
            p += n;
        }
        return records;
    }

    private static void assertSameEvents(List<long[]> want, List<long[]> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), "event " + i);
        }
    }

    @Test
    void evt3WordsSplitAnywhereKeepTheirState() throws IOException {
        Path file = RealFiles.file("evt3/evt3_sample.raw");
        List<ConsumerRecord<byte[], byte[]>> records = cut(RealFiles.rawBody(file), 2, "evt3", "1280x720");
        assertTrue(records.size() > 100);
        assertSameEvents(RealFiles.events(file), decodeAll(records));
    }

    @Test
    void evt2WordsSplitAnywhere() throws IOException {
        Path file = RealFiles.file("evt2/evt2_sample.raw");
        assertSameEvents(RealFiles.events(file), decodeAll(cut(RealFiles.rawBody(file), 4, "evt2", "640x480")));
    }

    @Test
    void aedat4PacketsAsRecords() throws IOException {
        Path file = RealFiles.file("aedat4/sample.aedat4");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (byte[] payload : RealFiles.aedat4Payloads(file, 0)) {
            records.add(record("dvx", payload, PayloadEncoding.HEADER, "aedat4", PayloadEncoding.GEOMETRY_HEADER,
                    "320x240", PayloadEncoding.COMPRESSION_HEADER, "lz4"));
        }
        assertEquals(59, records.size());
        assertSameEvents(RealFiles.events(file), decodeAll(records));
    }

    @Test
    void badCameraRecordsAreRejectedWithTheReason() {
        byte[] words = {0x00, (byte) 0x80, 0x05};
        assertRejected(record("c", words, PayloadEncoding.HEADER, "evt3", PayloadEncoding.GEOMETRY_HEADER, "64x64"),
                "not a whole number of 2-byte words");
        assertRejected(record("c", new byte[2], PayloadEncoding.HEADER, "evt3"), "without header naca.geometry");
        assertRejected(record(null, new byte[2], PayloadEncoding.HEADER, "evt3", PayloadEncoding.GEOMETRY_HEADER,
                "64x64"), "without a key");
        assertRejected(record("c", new byte[2], PayloadEncoding.HEADER, "evt9"), "unknown payload encoding 'evt9'");
        assertRejected(record("c", new byte[2], PayloadEncoding.HEADER, "evt3", PayloadEncoding.GEOMETRY_HEADER,
                "64by64"), "is not WIDTHxHEIGHT");
        // TIME_HIGH, ADDR_Y 10, ADDR_X 100 on a 64x64 sensor
        byte[] outside = {0x00, (byte) 0x80, 0x0A, 0x00, 0x64, 0x20};
        assertRejected(record("c", outside, PayloadEncoding.HEADER, "evt3", PayloadEncoding.GEOMETRY_HEADER, "64x64"),
                "evt3 payload: event (100,10) lies outside the 64x64 sensor (at byte 4)");
        assertRejected(record("d", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14},
                PayloadEncoding.HEADER, "aedat4", PayloadEncoding.GEOMETRY_HEADER, "64x64",
                PayloadEncoding.COMPRESSION_HEADER, "lz4"), "cannot decompress LZ4");
    }

    private void assertRejected(ConsumerRecord<byte[], byte[]> r, String reason) {
        StreamItem item = decoder.decode(r);
        StreamItem.Rejected rejected = assertInstanceOf(StreamItem.Rejected.class, item);
        assertTrue(rejected.reason().contains(reason), rejected.reason());
        assertArrayEquals(r.value(), rejected.value());
    }
}
