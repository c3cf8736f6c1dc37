package io.nacastream.learner.checkpoint;

/** A checkpoint that cannot be read: wrong magic or version, truncated, corrupt or inconsistent; names the offset. */
public final class CheckpointFormatException extends RuntimeException {

    private final long offset;

    /** An error at byte {@code offset} of the checkpoint. */
    public CheckpointFormatException(String message, long offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** Byte offset where the problem was found. */
    public long offset() {
        return offset;
    }
}
