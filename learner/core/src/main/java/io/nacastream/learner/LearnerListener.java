package io.nacastream.learner;


/** Receives what the learner produces while it processes spikes. */
public interface LearnerListener {

    /** A periodic prediction for a stream. */
    void onPrediction(Prediction prediction);

    /** The verdict on a labelled segment, once the stream has passed its end. */
    void onSegment(SegmentResult result);
}
