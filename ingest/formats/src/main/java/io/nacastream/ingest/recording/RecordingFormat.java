package io.nacastream.ingest.recording;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The event-recording formats naca-stream reads; {@link #id()} is the name used on the command line. */
public enum RecordingFormat {
    /** Our own recording: {@code NACSREC1} then length-prefixed wire-format packets (docs/recording-formats.md). */
    NACS("nacs"),
    /** jAER AEDAT 1.0/2.0: big-endian address + timestamp (DVS128 or DAVIS addresses). */
    AEDAT2("aedat2"),
    /** cAER AEDAT 3.1 (DVS128 Gesture): 28-byte packet headers, polarity events. */
    AEDAT31("aedat3"),
    /** DV AEDAT 4.0: FlatBuffer packets, optionally LZ4 or ZSTD compressed. */
    AEDAT4("aedat4"),
    /** Prophesee RAW EVT 2.0: 32-bit words. */
    EVT2("evt2"),
    /** Prophesee RAW EVT 3.0: 16-bit stateful vectorised words. */
    EVT3("evt3"),
    /** Prophesee DAT: decoded CD events, 8 bytes each. */
    DAT("dat"),
    /** N-MNIST / N-Caltech101 binary: 5 bytes per event, no header. */
    NMNIST("nmnist");

    private final String id;

    RecordingFormat(String id) {
        this.id = id;
    }

    /** Command-line name. */
    public String id() {
        return id;
    }

    /** The format named {@code id} (case-insensitive). */
    public static RecordingFormat parse(String id) {
        String key = id.trim().toLowerCase(Locale.ROOT);
        for (RecordingFormat f : values()) {
            if (f.id.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown recording format '" + id + "'; one of "
                + Arrays.stream(values()).map(RecordingFormat::id).collect(Collectors.joining(", ")));
    }
}
