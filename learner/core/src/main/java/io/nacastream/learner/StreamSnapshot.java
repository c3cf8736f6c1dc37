package io.nacastream.learner;

/**
 * One stream's learner state as a checkpoint keeps it: the neurons, the segment in force with its votes, the stream
 * clock (docs/checkpoint-format.md, "Stream state"), as bytes whose layout the model's configuration fixes.
 */
public record StreamSnapshot(String streamId, byte[] bytes) {

    public StreamSnapshot {
        java.util.Objects.requireNonNull(streamId, "streamId");
        java.util.Objects.requireNonNull(bytes, "bytes");
    }
}
