package io.nacastream.ingest.recording.prophesee;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.Bytes;

/**
 * Encodes events as EVT 2.0 words: EVT_TIME_HIGH whenever timestamp bits 33..6 change, then one CD_ON/CD_OFF word
 * per event. Keeps its time state between packets, so successive outputs form one continuous word stream.
 */
public final class Evt2WordWriter {

    private long high = -1;

    /** The words for {@code packet}'s events, continuing the stream. Timestamps must not decrease. */
    public byte[] encode(EventPacket packet) {
        int words = packet.size();
        for (int i = 0, h = -1; i < packet.size(); i++) {
            words += (packet.timestampUs(i) >>> 6) != h ? 3 : 0; // upper bound, trimmed below
            h = (int) (packet.timestampUs(i) >>> 6);
        }
        byte[] b = new byte[4 * (words + 3)];
        int n = 0;
        for (int i = 0; i < packet.size(); i++) {
            long t = packet.timestampUs(i);
            if (t < 0 || (high >= 0 && (t >>> 6) < high)) {
                throw new IllegalArgumentException("EVT 2.0 needs non-negative, non-decreasing timestamps: " + t);
            }
            long h = t >>> 6;
            if (h != high) {
                if (high >= 0 && (h >>> 28) - (high >>> 28) > 1) {
                    throw new IllegalArgumentException("EVT 2.0 cannot express a gap of more than 2^34 us (4.77 h)");
                }
                if (high >= 0 && (h >>> 28) != (high >>> 28)) { // a 2^34 µs loop: drop far enough to be counted
                    Bytes.put32le(b, 4 * n++, 0x8000_0000 | 0x0FFF_FFFF);
                    Bytes.put32le(b, 4 * n++, 0x8000_0000);
                }
                high = h;
                Bytes.put32le(b, 4 * n++, 0x8000_0000 | (int) (h & 0x0FFF_FFFF));
            }
            int w = (packet.on(i) ? 1 << 28 : 0) | (int) (t & 0x3F) << 22 | packet.x(i) << 11 | packet.y(i);
            Bytes.put32le(b, 4 * n++, w);
        }
        return java.util.Arrays.copyOf(b, 4 * n);
    }
}
