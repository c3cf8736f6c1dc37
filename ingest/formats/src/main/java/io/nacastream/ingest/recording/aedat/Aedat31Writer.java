package io.nacastream.ingest.recording.aedat;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.Bytes;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes AEDAT 3.1 as cAER does: the text header, then one polarity packet per {@link #write(EventPacket)} call
 * (split where the 31-bit timestamp overflows). Used for DVS128 Gesture-layout fixtures and for re-packing
 * recordings.
 */
public final class Aedat31Writer implements Closeable {

    private final OutputStream out;
    private final short source;

    /** Starts a file whose source {@code sourceId} is described as {@code sourceName} (e.g. "DVS128"). */
    public Aedat31Writer(OutputStream out, int sourceId, String sourceName) throws IOException {
        this.out = out;
        this.source = (short) sourceId;
        String header = "#!AER-DAT3.1\r\n#Format: RAW\r\n#Source " + sourceId + ": " + sourceName + "\r\n"
                + "#Start-Time: 1970-01-01 00:00:00 (TZ+0000)\r\n#!END-HEADER\r\n";
        out.write(header.getBytes(StandardCharsets.US_ASCII));
    }

    /** Appends the packet's events as polarity packets. */
    public void write(EventPacket packet) throws IOException {
        int i = 0;
        int n = packet.size();
        while (i < n) {
            long overflow = packet.timestampUs(i) >>> 31;
            int j = i;
            while (j < n && packet.timestampUs(j) >>> 31 == overflow) {
                j++;
            }
            int count = j - i;
            byte[] bytes = new byte[Aedat31Reader.PACKET_HEADER + 8 * count];
            Bytes.put16le(bytes, 0, Aedat31Reader.POLARITY);
            Bytes.put16le(bytes, 2, source);
            Bytes.put32le(bytes, 4, 8);
            Bytes.put32le(bytes, 8, 4);
            Bytes.put32le(bytes, 12, (int) overflow);
            Bytes.put32le(bytes, 16, count);
            Bytes.put32le(bytes, 20, count);
            Bytes.put32le(bytes, 24, count);
            for (int k = 0; k < count; k++) {
                int e = i + k;
                int data = 1 | (packet.on(e) ? 2 : 0) | packet.y(e) << 2 | packet.x(e) << 17;
                Bytes.put32le(bytes, 28 + 8 * k, data);
                Bytes.put32le(bytes, 32 + 8 * k, (int) (packet.timestampUs(e) & 0x7FFF_FFFFL));
            }
            out.write(bytes);
            i = j;
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
