package io.nacastream.ingest.recording;

/**
 * Thrown by the buffer-level decoders ({@code Evt2Decoder}, {@code Evt3Decoder}, ...) with the index in the buffer
 * where the data broke the format; the caller adds the source name and absolute offset.
 */
public final class EventDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int index;

    /** A problem at buffer index {@code index}. */
    public EventDataException(String problem, int index) {
        super(problem, null, false, false);
        this.index = index;
    }

    /** Index in the decoded buffer. */
    public int index() {
        return index;
    }
}
