package io.nacastream.ingest.publish;

import io.nacastream.ingest.label.LabelSegment;

/** Label segments handed out in start order as a replay's stream time reaches them (see {@link RecordingReplay}). */
public interface LabelFeed {

    /** A feed with no segment. */
    LabelFeed EMPTY = new LabelFeed() {
        @Override
        public long nextStartUs() {
            return Long.MAX_VALUE;
        }

        @Override
        public LabelSegment next() {
            throw new IllegalStateException("no label segment left");
        }
    };

    /** Start of the next segment, µs of stream time; {@link Long#MAX_VALUE} when none is left. */
    long nextStartUs();

    /** Removes and returns the next segment (only when {@link #nextStartUs()} named one). */
    LabelSegment next();
}
