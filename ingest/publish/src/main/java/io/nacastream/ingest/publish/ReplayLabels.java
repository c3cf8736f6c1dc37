package io.nacastream.ingest.publish;

import io.nacastream.ingest.label.LabelSegment;

import java.util.List;

/** Where a replay's labels come from: makes the {@link LabelFeed} once the stream's first timestamp is known. */
@FunctionalInterface
public interface ReplayLabels {

    /**
     * The feed of stream {@code streamId} whose first event is at {@code firstUs}, replayed in passes that start
     * {@code periodUs} apart ({@link Long#MAX_VALUE}: one pass), published up to {@code endUs} exclusive
     * ({@link Long#MAX_VALUE}: no end).
     */
    LabelFeed feed(String streamId, long firstUs, long periodUs, long endUs);

    /** No labels. */
    static ReplayLabels none() {
        return (streamId, firstUs, periodUs, endUs) -> LabelFeed.EMPTY;
    }

    /** A recording's own label segments, repeated in every pass shifted by the pass's offset. */
    static ReplayLabels file(List<LabelSegment> segments) {
        List<LabelSegment> copy = List.copyOf(segments);
        return (streamId, firstUs, periodUs, endUs) -> new FileLabelFeed(copy, firstUs, periodUs, endUs);
    }

    /**
     * Arbitrary labels for load tests: consecutive learned segments of {@code segmentUs} from the first event on,
     * classes 0, 1, .., {@code classes} - 1, 0, 1, ...
     */
    static ReplayLabels cycle(long segmentUs, int classes) {
        if (segmentUs < 1 || classes < 1) {
            throw new IllegalArgumentException("cycle labels need a positive segment length and class count, got "
                    + segmentUs + " µs and " + classes + " classes");
        }
        return (streamId, firstUs, periodUs, endUs) -> new CycleLabelFeed(streamId, segmentUs, classes, firstUs,
                endUs);
    }
}
