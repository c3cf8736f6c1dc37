package io.nacastream.ingest.recording.prophesee;

import io.nacastream.ingest.recording.Bytes;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventDataException;
import io.nacastream.ingest.recording.SensorGeometry;

/**
 * EVT 3.0: 16-bit little-endian stateful words, type in bits 15–12, decoded as openeb does. ADDR_Y (0) sets the row;
 * ADDR_X (2) emits one event; VECT_BASE_X (3) sets the base column and polarity; VECT_12 (4) / VECT_8 (5) emit one
 * event per set mask bit and advance the base; TIME_LOW (6) and TIME_HIGH (8) set the 24-bit time, unwrapped by
 * 2^24 µs when TIME_HIGH wraps. A TIME_LOW that steps back is kept as is (real files do this by a few µs). Events
 * before the first TIME_HIGH are skipped.
 */
public final class Evt3Decoder implements WordDecoder {

    private static final long LOOP = 1L << 24;
    private static final long LOOP_THRESHOLD = LOOP - (10 << 12);

    private final int width;
    private final int height;
    private long highPart = -1;
    private long lastHigh = -1;
    private long loops;
    private long time;
    private int y;
    private int baseX;
    private boolean on;
    private long skipped;

    /** A decoder checking events against {@code geometry}. */
    public Evt3Decoder(SensorGeometry geometry) {
        this.width = geometry.width();
        this.height = geometry.height();
    }

    @Override
    public int wordBytes() {
        return 2;
    }

    @Override
    public int maxEventsPerWord() {
        return 12;
    }

    @Override
    public long skipped() {
        return skipped;
    }

    @Override
    public int decode(byte[] b, int from, int to, EventBatch out) {
        int p = from;
        int end = from + ((to - from) & ~1);
        while (p < end && out.free() >= 12) {
            int w = Bytes.u16le(b, p);
            switch (w >>> 12) {
                case 0x0 -> y = w & 0x7FF;
                case 0x2 -> {
                    if (highPart < 0) {
                        skipped++;
                    } else {
                        int x = w & 0x7FF;
                        check(x, p);
                        out.add(x, y, (w & 0x800) != 0, time);
                    }
                }
                case 0x3 -> {
                    baseX = w & 0x7FF;
                    on = (w & 0x800) != 0;
                }
                case 0x4 -> vector(w & 0xFFF, 12, out, p);
                case 0x5 -> vector(w & 0xFF, 8, out, p);
                case 0x6 -> {
                    if (highPart >= 0) {
                        time = highPart + (w & 0xFFF);
                    }
                }
                case 0x8 -> {
                    long high = (long) (w & 0xFFF) << 12;
                    if (high < lastHigh && lastHigh - high >= LOOP_THRESHOLD) {
                        loops += LOOP;
                    }
                    lastHigh = high;
                    highPart = loops + high;
                    time = highPart;
                }
                default -> skipped++;
            }
            p += 2;
        }
        return p;
    }

    private void vector(int mask, int bits, EventBatch out, int p) {
        if (highPart < 0) {
            skipped++;
            baseX += bits;
            return;
        }
        int base = baseX;
        if (mask != 0) {
            check(base + 31 - Integer.numberOfLeadingZeros(mask), p);
        }
        while (mask != 0) {
            int k = Integer.numberOfTrailingZeros(mask);
            out.add(base + k, y, on, time);
            mask &= mask - 1;
        }
        baseX = base + bits;
    }

    private void check(int x, int p) {
        if (x >= width || y >= height) {
            throw new EventDataException("event (" + x + "," + y + ") lies outside the " + width + "x" + height
                    + " sensor", p);
        }
    }
}
