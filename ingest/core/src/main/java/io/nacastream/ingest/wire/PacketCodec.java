package io.nacastream.ingest.wire;

import io.nacastream.ingest.event.EventPacket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes {@link EventPacket}s as the binary Kafka record value described byte by byte in
 * {@code docs/wire-format.md} (version 1): big-endian header, 8 bytes per event, CRC-32C trailer.
 *
 * <p>Decoding never trusts a length field before checking it against the payload size, so a hostile header
 * cannot make it allocate more than the record itself holds.
 */
public final class PacketCodec {

    /** First two bytes of every packet: ASCII "NS". */
    public static final short MAGIC = 0x4E53;
    /** The only version this codec writes and reads. */
    public static final byte VERSION = 1;
    /** Bytes of a packet before the sensor id: magic, version, flags, width, height, id length. */
    public static final int FIXED_HEADER_BYTES = 10;
    /** Bytes after the sensor id and before the events: base timestamp and event count. */
    public static final int TIME_AND_COUNT_BYTES = 12;
    /** Bytes per event on the wire. */
    public static final int EVENT_BYTES = 8;
    /** Bytes of the CRC-32C trailer. */
    public static final int CRC_BYTES = 4;
    /** Longest sensor id, in UTF-8 bytes. */
    public static final int MAX_SENSOR_ID_BYTES = 255;

    private static final int X_MASK = 0x7FFF;
    private static final int Y_SHIFT = 15;
    private static final int RESERVED_BIT = 1 << 30;
    private static final int POLARITY_BIT = 1 << 31;

    private PacketCodec() {
    }

    /** Size in bytes of the encoded form of {@code packet}. */
    public static int encodedSize(EventPacket packet) {
        return FIXED_HEADER_BYTES + idBytes(packet.sensorId()).length + TIME_AND_COUNT_BYTES
                + EVENT_BYTES * packet.size() + CRC_BYTES;
    }

    /** Encodes a packet; throws if its time span does not fit the 32-bit per-event offset. */
    public static byte[] encode(EventPacket packet) {
        byte[] id = idBytes(packet.sensorId());
        int n = packet.size();
        byte[] out = new byte[FIXED_HEADER_BYTES + id.length + TIME_AND_COUNT_BYTES + EVENT_BYTES * n + CRC_BYTES];
        ByteBuffer buf = ByteBuffer.wrap(out);
        buf.putShort(MAGIC).put(VERSION).put((byte) 0);
        buf.putShort((short) packet.width()).putShort((short) packet.height());
        buf.putShort((short) id.length).put(id);
        long base = n == 0 ? 0 : packet.firstTimestampUs();
        buf.putLong(base).putInt(n);
        for (int i = 0; i < n; i++) {
            long dt = packet.timestampUs(i) - base;
            if (dt > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("packet spans more than 2^32 us; split it");
            }
            int word = packet.x(i) | (packet.y(i) << Y_SHIFT) | (packet.on(i) ? POLARITY_BIT : 0);
            buf.putInt((int) dt).putInt(word);
        }
        CRC32C crc = new CRC32C();
        crc.update(out, 0, out.length - CRC_BYTES);
        buf.putInt((int) crc.getValue());
        return out;
    }

    /** Decodes a packet, or throws {@link MalformedPacketException} naming what is wrong and where. */
    public static EventPacket decode(byte[] bytes) {
        if (bytes == null) {
            throw new MalformedPacketException("null payload", 0);
        }
        int minimum = FIXED_HEADER_BYTES + 1 + TIME_AND_COUNT_BYTES + CRC_BYTES;
        if (bytes.length < minimum) {
            throw new MalformedPacketException("truncated: " + bytes.length + " bytes, a packet has at least "
                    + minimum, bytes.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        short magic = buf.getShort();
        if (magic != MAGIC) {
            throw new MalformedPacketException(String.format("bad magic 0x%04X, expected 0x%04X", magic, MAGIC), 0);
        }
        byte version = buf.get();
        if (version != VERSION) {
            throw new MalformedPacketException("unsupported version " + version + ", this build reads "
                    + VERSION, 2);
        }
        byte flags = buf.get();
        if (flags != 0) {
            throw new MalformedPacketException("unknown flags 0x" + Integer.toHexString(flags & 0xFF), 3);
        }
        int width = buf.getShort() & 0xFFFF;
        int height = buf.getShort() & 0xFFFF;
        if (width == 0 || height == 0 || width > X_MASK + 1 || height > X_MASK + 1) {
            throw new MalformedPacketException("sensor size " + width + "x" + height + " out of range", 4);
        }
        int idLength = buf.getShort() & 0xFFFF;
        if (idLength == 0 || idLength > MAX_SENSOR_ID_BYTES) {
            throw new MalformedPacketException("sensor id length " + idLength + " not in 1.."
                    + MAX_SENSOR_ID_BYTES, 8);
        }
        int headerEnd = FIXED_HEADER_BYTES + idLength + TIME_AND_COUNT_BYTES;
        if (bytes.length < headerEnd + CRC_BYTES) {
            throw new MalformedPacketException("truncated inside header: " + bytes.length + " bytes", bytes.length);
        }
        buf.position(FIXED_HEADER_BYTES + idLength);
        long base = buf.getLong();
        int count = buf.getInt();
        long expected = (long) headerEnd + (long) EVENT_BYTES * Integer.toUnsignedLong(count) + CRC_BYTES;
        if (expected != bytes.length) {
            throw new MalformedPacketException((expected > bytes.length ? "truncated" : "trailing bytes")
                    + ": header claims " + Integer.toUnsignedLong(count) + " events (" + expected
                    + " bytes) but the record has " + bytes.length + " bytes", headerEnd - 4);
        }
        checkCrc(bytes);
        String sensorId = new String(bytes, FIXED_HEADER_BYTES, idLength, StandardCharsets.UTF_8);
        EventPacket.Builder builder = EventPacket.builder(sensorId, width, height, count);
        long previousDt = 0;
        for (int i = 0; i < count; i++) {
            int at = buf.position();
            long dt = Integer.toUnsignedLong(buf.getInt());
            int word = buf.getInt();
            int x = word & X_MASK;
            int y = (word >>> Y_SHIFT) & X_MASK;
            if ((word & RESERVED_BIT) != 0) {
                throw new MalformedPacketException("event " + i + ": reserved bit set", at + 4);
            }
            if (x >= width || y >= height) {
                throw new MalformedPacketException("event " + i + ": (" + x + "," + y + ") outside sensor "
                        + width + "x" + height, at + 4);
            }
            if (dt < previousDt) {
                throw new MalformedPacketException("event " + i + ": timestamp goes backwards", at);
            }
            previousDt = dt;
            builder.add(x, y, (word & POLARITY_BIT) != 0, base + dt);
        }
        return builder.build();
    }

    private static void checkCrc(byte[] bytes) {
        int end = bytes.length - CRC_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, end);
        int stored = ByteBuffer.wrap(bytes, end, CRC_BYTES).getInt();
        if (stored != (int) crc.getValue()) {
            throw new MalformedPacketException(String.format("CRC-32C mismatch: stored %08X, computed %08X",
                    stored, (int) crc.getValue()), end);
        }
    }

    private static byte[] idBytes(String sensorId) {
        byte[] id = sensorId.getBytes(StandardCharsets.UTF_8);
        if (id.length > MAX_SENSOR_ID_BYTES) {
            throw new IllegalArgumentException("sensor id longer than " + MAX_SENSOR_ID_BYTES + " UTF-8 bytes");
        }
        return id;
    }
}
