package io.nacastream.ingest.synth;

import io.nacastream.ingest.label.GestureClass;
import io.nacastream.ingest.label.LabelSegment;

/**
 * One planned gesture take in a synthetic recording: who performs which gesture when, and whether its label may be
 * learned from ({@code learn}) or only used to score predictions.
 */
public record ScheduledTake(String streamId, Subject subject, GestureClass gesture, long startUs, long endUs,
                            boolean learn) {

    /** The label segment announcing this take on the labels topic. */
    public LabelSegment label() {
        return new LabelSegment(streamId, gesture.id(), startUs, endUs, learn);
    }
}
