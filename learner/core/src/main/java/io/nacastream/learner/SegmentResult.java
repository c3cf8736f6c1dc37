package io.nacastream.learner;

/**
 * The verdict on one labelled segment (one gesture): its true class, the class predicted from the evidence collected
 * over the segment (-1 if there was none), and whether the segment was learned from ({@code learned}) or held out.
 *
 * @param votes          evidence items counted (output spikes for NACA, frames for backprop)
 * @param firstCorrectUs time from segment start to the first moment the running verdict was correct (-1 if never)
 */
public record SegmentResult(String streamId, long startUs, long endUs, int trueClass, int predicted,
                            boolean learned, long votes, long firstCorrectUs) {

    /** True if the prediction matched the label. */
    public boolean correct() {
        return predicted == trueClass;
    }
}
