package io.nacastream.ingest.recording.nacs;

import java.nio.charset.StandardCharsets;

/**
 * naca-stream's own recording: the 8 ASCII bytes {@code NACSREC1}, then frames of a big-endian u32 length and one
 * wire-format packet (docs/wire-format.md). The same byte stream on standard input feeds {@code publish -}.
 */
public final class NacsFormat {

    /** First 8 bytes. */
    public static final byte[] MAGIC = "NACSREC1".getBytes(StandardCharsets.US_ASCII);
    /** Largest frame accepted: 64 MiB. */
    public static final int MAX_FRAME = 64 << 20;

    private NacsFormat() {
    }
}
