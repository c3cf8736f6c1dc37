package io.nacastream.ingest.recording.nmnist;

import io.nacastream.ingest.event.EventPacket;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the N-MNIST / N-Caltech101 binary format that {@link NmnistReader} reads: 5 bytes per event, x (u8), y
 * (u8), then bit 39 = polarity (1 = ON) and 23 bits of timestamp µs; a timestamp 2^23 µs or more past the current
 * epoch is preceded by overflow markers (y = 240), one per 2^23 µs. Coordinates must fit (x &lt; 256, y &lt; 240) and
 * timestamps start at 0 and never decrease, or the write fails naming the event.
 */
public final class NmnistWriter implements Closeable {

    private static final long EPOCH_US = 1L << 23;
    private static final int OVERFLOW_Y = 240;

    private final OutputStream out;
    private final byte[] record = new byte[5];
    private long epoch;
    private long last;

    /** A writer on {@code out} (closed with it). */
    public NmnistWriter(OutputStream out) {
        this.out = out;
    }

    /** Appends the events of {@code packet}. */
    public void write(EventPacket packet) throws IOException {
        for (int i = 0; i < packet.size(); i++) {
            int x = packet.x(i);
            int y = packet.y(i);
            long t = packet.timestampUs(i);
            if (x > 255 || y >= OVERFLOW_Y) {
                throw new IllegalArgumentException("event (" + x + "," + y + ") does not fit the N-MNIST format "
                        + "(x < 256, y < 240)");
            }
            if (t < last) {
                throw new IllegalArgumentException("timestamp " + t + " µs is before the previous one, " + last);
            }
            last = t;
            while (t - epoch >= EPOCH_US) {
                put(0, OVERFLOW_Y, false, 0);
                epoch += EPOCH_US;
            }
            put(x, y, packet.on(i), (int) (t - epoch));
        }
    }

    private void put(int x, int y, boolean on, int t) throws IOException {
        record[0] = (byte) x;
        record[1] = (byte) y;
        record[2] = (byte) ((on ? 0x80 : 0) | (t >>> 16) & 0x7F);
        record[3] = (byte) (t >>> 8);
        record[4] = (byte) t;
        out.write(record);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
