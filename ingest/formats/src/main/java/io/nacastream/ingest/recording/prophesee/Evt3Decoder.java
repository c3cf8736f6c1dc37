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
        // state lives in locals for the loop (the JIT keeps them in registers) and is stored back on every exit
        int p = from;
        int end = from + ((to - from) & ~1);
        int stop = p; // words before `stop` fit in the batch without a check: each adds at most 12 events
        int row = y;
        int base = baseX;
        boolean polarity = on;
        long t = time;
        long high = highPart;
        try {
            while (p < end) {
                if (p >= stop) {
                    if (out.free() < 12) {
                        break;
                    }
                    stop = p + 2 * (out.free() / 12);
                }
                int w = Bytes.u16le(b, p);
                switch (w >>> 12) {
                    case 0x0 -> row = w & 0x7FF;
                    case 0x2 -> {
                        if (high < 0) {
                            skipped++;
                        } else {
                            int x = w & 0x7FF;
                            if (x >= width || row >= height) {
                                throw outside(x, row, p);
                            }
                            out.add(x, row, (w & 0x800) != 0, t);
                        }
                    }
                    case 0x3 -> {
                        base = w & 0x7FF;
                        polarity = (w & 0x800) != 0;
                    }
                    case 0x4, 0x5 -> {
                        int bits = (w >>> 12) == 0x4 ? 12 : 8;
                        int mask = w & ((1 << bits) - 1);
                        if (high < 0) {
                            skipped++;
                        } else if (mask != 0) {
                            int last = base + 31 - Integer.numberOfLeadingZeros(mask);
                            if (last >= width || row >= height) {
                                throw outside(last, row, p);
                            }
                            do {
                                out.add(base + Integer.numberOfTrailingZeros(mask), row, polarity, t);
                                mask &= mask - 1;
                            } while (mask != 0);
                        }
                        base += bits;
                    }
                    case 0x6 -> {
                        if (high >= 0) {
                            t = high + (w & 0xFFF);
                        }
                    }
                    case 0x8 -> {
                        long h = (long) (w & 0xFFF) << 12;
                        if (h < lastHigh && lastHigh - h >= LOOP_THRESHOLD) {
                            loops += LOOP;
                        }
                        lastHigh = h;
                        high = loops + h;
                        t = high;
                    }
                    default -> skipped++;
                }
                p += 2;
            }
        } finally {
            y = row;
            baseX = base;
            on = polarity;
            time = t;
            highPart = high;
        }
        return p;
    }

    private EventDataException outside(int x, int row, int p) {
        return new EventDataException("event (" + x + "," + row + ") lies outside the " + width + "x" + height
                + " sensor", p);
    }
}
