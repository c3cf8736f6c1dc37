package io.nacastream.ingest.recording.aedat;

import io.nacastream.ingest.recording.ByteInput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The '#' text header of AEDAT 1.0–3.1 files: lines starting with '#' up to the first line that does not, or
 * through the line containing {@code endMarker}; at most 16 MiB, lines of at most 64 KiB, the first 64 kept.
 *
 * @param lines the header lines kept, without line ends
 * @param ended whether the end marker was seen
 */
record HashHeader(List<String> lines, boolean ended) {

    private static final int MAX_LINE = 1 << 16;
    private static final long MAX_BYTES = 16L << 20;
    private static final int KEPT = 64;

    /** Reads the header at the start of {@code in}. */
    static HashHeader read(ByteInput in, String endMarker) throws IOException {
        List<String> lines = new ArrayList<>();
        while (in.peek() == '#') {
            if (in.offset() > MAX_BYTES) {
                throw in.error("header longer than " + MAX_BYTES + " bytes");
            }
            String line = in.readLine(MAX_LINE);
            if (lines.size() < KEPT) {
                lines.add(line);
            }
            if (line.contains(endMarker)) {
                return new HashHeader(lines, true);
            }
        }
        return new HashHeader(lines, false);
    }
}
