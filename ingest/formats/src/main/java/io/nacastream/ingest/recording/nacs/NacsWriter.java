package io.nacastream.ingest.recording.nacs;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.wire.PacketCodec;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a {@link NacsFormat} recording: the magic, then one frame per packet. */
public final class NacsWriter implements Closeable {

    private final OutputStream out;

    /** Starts a recording on {@code out}. */
    public NacsWriter(OutputStream out) throws IOException {
        this.out = out;
        out.write(NacsFormat.MAGIC);
    }

    /** Appends one packet. */
    public void write(EventPacket packet) throws IOException {
        byte[] bytes = PacketCodec.encode(packet);
        out.write(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8),
            (byte) bytes.length});
        out.write(bytes);
    }

    /** Flushes buffered frames (for a live pipe). */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
