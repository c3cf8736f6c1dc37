package io.nacastream.learner;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.learner.energy.OpCounts;

/**
 * A learner fed spike trains in stream order, learning from labelled segments while it predicts (test-then-train).
 * Implemented by the NACA learner and by the backprop baseline, so one pipeline can run either. Not thread-safe: one
 * thread drives a learner.
 */
public interface OnlineLearner {

    /** Short name of the algorithm ("naca", "bp", ...). */
    String algorithm();

    /** Processes every spike of {@code train} in order, reporting predictions and segment verdicts. */
    void process(SpikeTrain train, LearnerListener listener);

    /** Closes every open segment (e.g. at the end of a bounded stream), reporting its verdict. */
    void finish(LearnerListener listener);

    /**
     * Ends stream {@code streamId} as if it had stopped (its open segment is scored) and forgets its neuron state, so
     * its next spike starts from rest; the weights stay. Used when a stream's clock restarts.
     */
    void resetStream(String streamId, LearnerListener listener);

    /** Cumulative operation counts (all zero but events when counting is disabled). */
    OpCounts counts();
}
