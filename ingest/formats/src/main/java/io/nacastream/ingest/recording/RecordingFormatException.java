package io.nacastream.ingest.recording;

import java.io.IOException;

/**
 * A recording (file, stdin stream or Kafka payload) whose bytes break its format: names the source and the byte
 * offset where decoding stopped.
 */
public final class RecordingFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;
    private final String problem;

    /** A problem found in {@code source} at byte {@code offset}. */
    public RecordingFormatException(String source, long offset, String problem) {
        super(source + ": at byte " + offset + ": " + problem);
        this.source = source;
        this.offset = offset;
        this.problem = problem;
    }

    /** The same problem with a cause attached. */
    public RecordingFormatException(String source, long offset, String problem, Throwable cause) {
        this(source, offset, problem);
        initCause(cause);
    }

    /** File name or stream description. */
    public String source() {
        return source;
    }

    /** Byte offset from the start of the source. */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the source and offset. */
    public String problem() {
        return problem;
    }
}
