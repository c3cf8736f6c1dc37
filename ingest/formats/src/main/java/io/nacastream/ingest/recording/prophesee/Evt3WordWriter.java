package io.nacastream.ingest.recording.prophesee;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.Bytes;

import java.util.Arrays;

/**
 * Encodes events as EVT 3.0 words that {@link Evt3Decoder} and openeb decode back exactly. Keeps its state (time,
 * row) between packets like a camera does, so successive outputs form one continuous word stream. Emits TIME_HIGH
 * when the 4096 µs slot changes (with the words openeb needs to count 2^24 µs loops across long gaps), TIME_LOW when
 * the µs changes, ADDR_Y when the row changes, and one ADDR_X per event.
 */
public final class Evt3WordWriter {

    private long high = -1;
    private long low = -1;
    private int y = -1;
    private byte[] out = new byte[1 << 12];
    private int n;

    /** The words for {@code packet}'s events, continuing the stream. Timestamps must not decrease. */
    public byte[] encode(EventPacket packet) {
        n = 0;
        for (int i = 0; i < packet.size(); i++) {
            long t = packet.timestampUs(i);
            if (t < 0 || (high >= 0 && (t >>> 12) < high)) {
                throw new IllegalArgumentException("EVT 3.0 needs non-negative, non-decreasing timestamps: " + t);
            }
            long h = t >>> 12;
            if (h != high) {
                timeHigh(h);
            }
            if ((t & 0xFFF) != low) {
                low = t & 0xFFF;
                word(0x6000 | (int) low);
            }
            if (packet.y(i) != y) {
                y = packet.y(i);
                word(y & 0x7FF);
            }
            word(0x2000 | (packet.on(i) ? 0x800 : 0) | (packet.x(i) & 0x7FF));
        }
        return Arrays.copyOf(out, n);
    }

    private void timeHigh(long h) {
        if (high >= 0) {
            // openeb counts a 2^24 µs loop only when TIME_HIGH drops from near 4095 to near 0: say so at each loop
            for (long loop = (high >>> 12) + 1; loop <= h >>> 12; loop++) {
                if (((high & 0xFFF) != 0xFFF) || (high >>> 12) != loop - 1) {
                    word(0x8000 | 0xFFF);
                }
                high = loop << 12;
                word(0x8000);
            }
        }
        high = h;
        low = 0;
        word(0x8000 | (int) (h & 0xFFF));
    }

    private void word(int w) {
        if (n + 2 > out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        Bytes.put16le(out, n, w);
        n += 2;
    }
}
