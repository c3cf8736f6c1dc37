package io.nacastream.ingest.wire;

/** A Kafka record payload that is not a valid packet; names the byte offset where decoding failed. */
public final class MalformedPacketException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    public MalformedPacketException(String message, int offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** Byte offset inside the payload where the problem was found. */
    public int offset() {
        return offset;
    }
}
