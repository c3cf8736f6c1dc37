package io.nacastream.learner;


import java.util.ArrayList;
import java.util.List;

/** Test listener that keeps everything a learner reports. */
public final class Recorder implements LearnerListener {

    /** Predictions in order. */
    public final List<Prediction> predictions = new ArrayList<>();
    /** Segment verdicts in order. */
    public final List<SegmentResult> segments = new ArrayList<>();

    @Override
    public void onPrediction(Prediction p) {
        predictions.add(p);
    }

    @Override
    public void onSegment(SegmentResult r) {
        segments.add(r);
    }
}
