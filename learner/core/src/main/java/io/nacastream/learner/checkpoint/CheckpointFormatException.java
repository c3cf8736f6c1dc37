package io.nacastream.learner.checkpoint;

/** A checkpoint that cannot be read: wrong magic or version, truncated, corrupt or inconsistent; names the offset. */
public final class CheckpointFormatException extends RuntimeException {

    private final String reason;
    private final long offset;

    /** An error at byte {@code offset} of the checkpoint. */
    public CheckpointFormatException(String reason, long offset) {
        super(reason + " (at byte " + offset + ")");
        this.reason = reason;
        this.offset = offset;
    }

    /** The same error, attributed to {@code source} (e.g. the file it was read from). */
    public CheckpointFormatException in(Object source) {
        return new CheckpointFormatException(source + ": " + reason, offset);
    }

    /** Byte offset where the problem was found. */
    public long offset() {
        return offset;
    }
}
