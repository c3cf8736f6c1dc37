package io.nacastream.learner.eval;

/**
 * The verdict on one labelled segment (one gesture): its true class, the class predicted from the output spikes
 * counted over the segment, and whether the segment was learned from ({@code learned}) or held out.
 *
 * @param firstCorrectUs time from segment start to the first output spike of the true class (-1 if none)
 */
public record SegmentResult(String streamId, long startUs, long endUs, int trueClass, int predicted,
                            boolean learned, long spikes, long firstCorrectUs) {

    /** True if the prediction matched the label. */
    public boolean correct() {
        return predicted == trueClass;
    }
}
