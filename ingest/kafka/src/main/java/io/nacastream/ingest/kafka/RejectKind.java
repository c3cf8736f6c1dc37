package io.nacastream.ingest.kafka;

/** Why an input record went to the dead-letter topic; its {@link #id()} tags the metric and the record's header. */
public enum RejectKind {
    /** Event record in our wire format that does not decode (truncated, bad CRC, bad version, coordinates...). */
    MALFORMED_PACKET("malformed-packet"),
    /** Camera-native event record (EVT 2.0/3.0, AEDAT 4.0) that does not decode, or lacks its headers. */
    MALFORMED_PAYLOAD("malformed-payload"),
    /** Label record that is not a valid label segment (bad JSON, missing or out-of-range fields). */
    MALFORMED_LABEL("malformed-label"),
    /** Label for a class the model does not have. */
    UNKNOWN_CLASS("unknown-class"),
    /** Label for a stream that sent no events long after it (kept for a while, then rejected). */
    ORPHAN_LABEL("orphan-label"),
    /** Packet whose time does not continue its stream: it goes backwards, or jumps further than allowed. */
    CLOCK("clock"),
    /** Packet the encoder cannot take: its sensor does not hold the configured region of interest, or is too large. */
    UNSUPPORTED_SENSOR("unsupported-sensor"),
    /** Packet from a sensor of another size than its stream's first packet (a stream keeps one geometry). */
    GEOMETRY_CHANGED("geometry-changed"),
    /** Record whose processing failed unexpectedly (a defect); the stream goes on without it. */
    PROCESSING_FAILURE("processing-failure"),
    /** Record from a topic the service does not read. */
    UNEXPECTED_TOPIC("unexpected-topic");

    private final String id;

    RejectKind(String id) {
        this.id = id;
    }

    /** Short lower-case name used in metrics and headers. */
    public String id() {
        return id;
    }
}
