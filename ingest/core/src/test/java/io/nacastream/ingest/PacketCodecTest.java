package io.nacastream.ingest;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.wire.MalformedPacketException;
import io.nacastream.ingest.wire.PacketCodec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketCodecTest {

    private static EventPacket randomPacket(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        EventPacket.Builder b = EventPacket.builder("cam-é", 128, 128, n);
        long t = 1_700_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(50);
            b.add(r.nextInt(128), r.nextInt(128), r.nextBoolean(), t);
        }
        return b.build();
    }

    @Test
    void roundTripKeepsEveryEvent() {
        EventPacket packet = randomPacket(5000, 1);
        byte[] bytes = PacketCodec.encode(packet);
        assertEquals(PacketCodec.encodedSize(packet), bytes.length);
        assertEquals(10 + "cam-é".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 12 + 8 * 5000 + 4,
                bytes.length);
        EventPacket back = PacketCodec.decode(bytes);
        assertEquals(packet, back);
        assertEquals(packet.event(4321), back.event(4321));
    }

    @Test
    void emptyPacketRoundTrips() {
        EventPacket empty = EventPacket.builder("s", 32, 16, 0).build();
        EventPacket back = PacketCodec.decode(PacketCodec.encode(empty));
        assertEquals(0, back.size());
        assertEquals(32, back.width());
    }

    @Test
    void headerBytesAreAsDocumented() {
        EventPacket p = EventPacket.builder("ab", 128, 96, 1).add(3, 5, true, 1000).build();
        byte[] b = PacketCodec.encode(p);
        assertArrayEquals(new byte[] {0x4E, 0x53, 1, 0, 0, (byte) 128, 0, 96, 0, 2, 'a', 'b'},
                java.util.Arrays.copyOf(b, 12));
        ByteBuffer buf = ByteBuffer.wrap(b);
        assertEquals(1000L, buf.getLong(12));
        assertEquals(1, buf.getInt(20));
        assertEquals(0, buf.getInt(24));                                     // dt of the first event
        assertEquals(3 | (5 << 15) | (1 << 31), buf.getInt(28));             // x | y << 15 | polarity << 31
    }

    @Test
    void everyTruncationIsRejectedWithAnOffset() {
        byte[] bytes = PacketCodec.encode(randomPacket(20, 2));
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, len);
            MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> PacketCodec.decode(cut));
            assertTrue(e.getMessage().contains("at byte"), e.getMessage());
        }
    }

    @Test
    void anySingleBitFlipIsDetected() {
        byte[] bytes = PacketCodec.encode(randomPacket(30, 3));
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = bytes.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThrows(MalformedPacketException.class, () -> PacketCodec.decode(bad), "flip " + i + ":" + bit);
            }
        }
    }

    @Test
    void hostileCountIsRejectedWithoutAllocating() {
        byte[] bytes = PacketCodec.encode(randomPacket(1, 4));
        ByteBuffer.wrap(bytes).putInt(10 + "cam-é".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 8,
                Integer.MIN_VALUE);
        fixCrc(bytes);
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> PacketCodec.decode(bytes));
        assertTrue(e.getMessage().contains("2147483648 events"), e.getMessage());
    }

    @Test
    void coordinatesOutsideTheSensorAreRejected() {
        EventPacket p = EventPacket.builder("s", 128, 128, 1).add(127, 127, false, 5).build();
        byte[] bytes = PacketCodec.encode(p);
        ByteBuffer.wrap(bytes).putShort(4, (short) 100);                     // shrink the declared width
        fixCrc(bytes);
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> PacketCodec.decode(bytes));
        assertTrue(e.getMessage().contains("outside sensor"), e.getMessage());
    }

    @Test
    void aZeroSensorSizeIsRejected() {
        byte[] bytes = PacketCodec.encode(EventPacket.builder("s", 128, 128, 1).add(1, 1, false, 5).build());
        ByteBuffer.wrap(bytes).putShort(4, (short) 0);                       // declared width 0
        fixCrc(bytes);
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> PacketCodec.decode(bytes));
        assertTrue(e.getMessage().contains("sensor size 0x128 out of range"), e.getMessage());
    }

    @Test
    void wrongMagicAndVersionAreNamed() {
        byte[] bytes = PacketCodec.encode(randomPacket(2, 5));
        byte[] v2 = bytes.clone();
        v2[2] = 2;
        fixCrc(v2);
        assertTrue(assertThrows(MalformedPacketException.class, () -> PacketCodec.decode(v2)).getMessage()
                .contains("unsupported version 2"));
        byte[] json = "{\"streamId\":\"x\",\"classId\":1,\"startUs\":0,\"endUs\":5}".getBytes();
        assertTrue(assertThrows(MalformedPacketException.class, () -> PacketCodec.decode(json)).getMessage()
                .contains("bad magic"));
    }

    @Test
    void timestampsGoingBackwardsAreRejected() {
        EventPacket p = EventPacket.builder("s", 8, 8, 2).add(1, 1, true, 10).add(2, 2, true, 20).build();
        byte[] bytes = PacketCodec.encode(p);
        int firstEvent = 10 + 1 + 12;
        ByteBuffer.wrap(bytes).putInt(firstEvent, 15);                       // dt 15 then dt 10
        fixCrc(bytes);
        assertTrue(assertThrows(MalformedPacketException.class, () -> PacketCodec.decode(bytes)).getMessage()
                .contains("backwards"));
    }

    private static void fixCrc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    }
}
