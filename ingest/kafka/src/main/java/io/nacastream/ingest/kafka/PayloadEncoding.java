package io.nacastream.ingest.kafka;

import java.util.Locale;

/**
 * Encodings of an events-topic record value, declared in the record header {@value #HEADER}. Camera-native
 * encodings let a camera's raw output be piped into Kafka unconverted; they need the sensor size in header
 * {@value #GEOMETRY_HEADER} ({@code WIDTHxHEIGHT}) and, for AEDAT 4.0 packets, optionally the compression in
 * {@value #COMPRESSION_HEADER} ({@code none}, {@code lz4}, {@code zstd}). The record key is the stream id.
 */
public enum PayloadEncoding {
    /** naca-stream's wire format (docs/wire-format.md); the default when the header is absent. */
    NACA_V1("naca-v1"),
    /** Prophesee EVT 2.0 words, any number of whole 32-bit words, continuing the stream's previous record. */
    EVT2("evt2"),
    /** Prophesee EVT 3.0 words, any number of whole 16-bit words; time base, row and base column carry over. */
    EVT3("evt3"),
    /** One AEDAT 4.0 event packet payload: a size-prefixed EVTS FlatBuffer, optionally compressed. */
    AEDAT4("aedat4");

    /** Record header naming the encoding. */
    public static final String HEADER = "naca.encoding";
    /** Record header giving the sensor size for camera-native encodings. */
    public static final String GEOMETRY_HEADER = "naca.geometry";
    /** Record header giving the AEDAT 4.0 packet compression. */
    public static final String COMPRESSION_HEADER = "naca.compression";

    private final String id;

    PayloadEncoding(String id) {
        this.id = id;
    }

    /** Header value. */
    public String id() {
        return id;
    }

    /** The encoding whose header value is {@code id}. */
    public static PayloadEncoding parse(String id) {
        String key = id.trim().toLowerCase(Locale.ROOT);
        for (PayloadEncoding e : values()) {
            if (e.id.equals(key)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown payload encoding '" + id + "' in header " + HEADER
                + "; one of naca-v1, evt2, evt3, aedat4");
    }
}
