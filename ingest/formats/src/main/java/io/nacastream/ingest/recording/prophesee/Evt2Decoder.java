package io.nacastream.ingest.recording.prophesee;

import io.nacastream.ingest.recording.Bytes;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventDataException;
import io.nacastream.ingest.recording.SensorGeometry;

/**
 * EVT 2.0: 32-bit little-endian words, type in bits 31–28. CD_OFF (0) / CD_ON (1) carry 6 timestamp bits, x (11) and
 * y (11); EVT_TIME_HIGH (8) carries timestamp bits 33..6. Timestamps are unwrapped past 2^34 µs. Events before the
 * first TIME_HIGH have no time base and are skipped, as openeb does.
 */
public final class Evt2Decoder implements WordDecoder {

    private static final long LOOP = 1L << 34;

    private final int width;
    private final int height;
    private long timeHigh = -1;
    private long lastHighRaw = -1;
    private long loops;
    private long skipped;

    /** A decoder checking events against {@code geometry}. */
    public Evt2Decoder(SensorGeometry geometry) {
        this.width = geometry.width();
        this.height = geometry.height();
    }

    @Override
    public int wordBytes() {
        return 4;
    }

    @Override
    public int maxEventsPerWord() {
        return 1;
    }

    @Override
    public long skipped() {
        return skipped;
    }

    @Override
    public int decode(byte[] b, int from, int to, EventBatch out) {
        int p = from;
        int stop = from + Math.min((to - from) >>> 2, out.free()) * 4;
        long high = timeHigh;
        for (; p < stop; p += 4) {
            int w = Bytes.i32le(b, p);
            int type = w >>> 28;
            if (type <= 1) {
                if (high < 0) {
                    skipped++;
                    continue;
                }
                int x = (w >>> 11) & 0x7FF;
                int y = w & 0x7FF;
                if (x >= width || y >= height) {
                    timeHigh = high;
                    throw new EventDataException("CD event (" + x + "," + y + ") lies outside the " + width + "x"
                            + height + " sensor", p);
                }
                out.add(x, y, type == 1, high | ((w >>> 22) & 0x3F));
            } else if (type == 8) {
                long raw = w & 0x0FFF_FFFFL;
                if (raw < lastHighRaw && lastHighRaw - raw > (1L << 27)) {
                    loops += LOOP;
                }
                lastHighRaw = raw;
                high = loops + (raw << 6);
            } else {
                skipped++;
            }
        }
        timeHigh = high;
        return p;
    }
}
