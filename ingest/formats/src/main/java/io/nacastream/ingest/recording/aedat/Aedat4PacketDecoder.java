package io.nacastream.ingest.recording.aedat;

import io.nacastream.ingest.recording.Bytes;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventDataException;
import io.nacastream.ingest.recording.SensorGeometry;

import java.io.IOException;

/**
 * Decodes one AEDAT 4.0 event packet payload (optionally LZ4/ZSTD-compressed, size-prefixed {@code EVTS}
 * FlatBuffer): shared by {@link Aedat4Reader} and by Kafka records that carry DV packets unconverted.
 */
public final class Aedat4PacketDecoder {

    private final Aedat4Compression compression;
    private byte[] scratch = new byte[1 << 16];
    private byte[] events;
    private int next;
    private int end;

    /** A decoder for payloads compressed with {@code compression}. */
    public Aedat4PacketDecoder(Aedat4Compression compression) {
        this.compression = compression;
    }

    /**
     * Decompresses and checks the payload {@code b[from, from+length)}; its events are then drained with
     * {@link #drain}. The bytes of {@code b} must stay unchanged until drained (uncompressed payloads are read in
     * place). Throws {@link EventDataException} (index into the decompressed payload) or {@link IOException}.
     */
    public void load(byte[] b, int from, int length) throws IOException {
        Aedat4Compression.Decoded d = compression.decompress(b, from, length, scratch, Aedat4Reader.MAX_PACKET_BYTES);
        if (d.bytes() != b) {
            scratch = d.bytes();
        }
        int origin = d.from() + 4;
        if (d.to() - d.from() < 4) {
            throw new EventDataException("packet payload shorter than its size prefix", 0);
        }
        long size = Integer.toUnsignedLong(Bytes.i32le(d.bytes(), d.from()));
        if (size > d.to() - origin) {
            throw new EventDataException("size prefix " + size + " exceeds the " + (d.to() - origin)
                    + " bytes of the payload", 0);
        }
        FlatTable packet = FlatTable.root(d.bytes(), origin, origin + (int) size, "EVTS");
        int elements = packet.vector(0, Aedat4Reader.EVENT_BYTES);
        events = d.bytes();
        next = elements < 0 ? 0 : elements;
        end = elements < 0 ? 0 : elements + Aedat4Reader.EVENT_BYTES * packet.length(elements);
    }

    /** True while loaded events remain. */
    public boolean hasEvents() {
        return next < end;
    }

    /**
     * Moves loaded events into {@code out} while it has room, checking each against {@code g}; an event off the
     * sensor is an {@link EventDataException} whose index is the event's number in the packet.
     */
    public void drain(EventBatch out, SensorGeometry g) {
        byte[] b = events;
        int n = Math.min((end - next) / Aedat4Reader.EVENT_BYTES, out.free());
        int stop = next + n * Aedat4Reader.EVENT_BYTES;
        int w = g.width();
        int h = g.height();
        for (int p = next; p < stop; p += Aedat4Reader.EVENT_BYTES) {
            int x = Bytes.i16le(b, p + 8);
            int y = Bytes.i16le(b, p + 10);
            if (x < 0 || y < 0 || x >= w || y >= h) {
                next = p;
                throw new EventDataException("event (" + x + "," + y + ") lies outside the " + g + " sensor", p);
            }
            out.add(x, y, b[p + 12] != 0, Bytes.i64le(b, p));
        }
        next = stop;
    }
}
