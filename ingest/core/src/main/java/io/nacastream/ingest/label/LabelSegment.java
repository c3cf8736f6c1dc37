package io.nacastream.ingest.label;

import java.util.Objects;

/**
 * The class of one time segment [startUs, endUs) of a sensor stream, as carried on the labels topic.
 *
 * <p>{@code learn = true} lets the learner train on the segment; {@code learn = false} marks a held-out segment whose
 * label is used only to score predictions. Stream time outside every segment is inference only.
 */
public record LabelSegment(String streamId, int classId, long startUs, long endUs, boolean learn) {

    public LabelSegment {
        Objects.requireNonNull(streamId, "streamId");
        if (streamId.isEmpty()) {
            throw new IllegalArgumentException("streamId must not be empty");
        }
        if (classId < 0) {
            throw new IllegalArgumentException("classId must be >= 0, got " + classId);
        }
        if (endUs <= startUs) {
            throw new IllegalArgumentException("segment end " + endUs + " is not after start " + startUs);
        }
    }

    /** True if {@code timestampUs} lies in [startUs, endUs). */
    public boolean contains(long timestampUs) {
        return timestampUs >= startUs && timestampUs < endUs;
    }
}
