package io.nacastream.learner.eval;

import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;

/**
 * The evaluation of one run, kept apart for learned segments (strict test-then-train: each scored before the
 * learner learned anything from it), held-out segments (never learned from) and periodic predictions made while a
 * label was in force. Feed it as a {@link LearnerListener}. Not thread-safe.
 */
public final class PrequentialReport implements LearnerListener {

    /** Default sliding window for segments. */
    public static final int SEGMENT_WINDOW = 50;
    /** Default sliding window for periodic predictions. */
    public static final int PREDICTION_WINDOW = 500;

    private final PrequentialEvaluator learned;
    private final PrequentialEvaluator heldOut;
    private final PrequentialEvaluator predictions;

    /** A report for {@code classes} classes with the default windows. */
    public PrequentialReport(int classes) {
        learned = new PrequentialEvaluator(classes, SEGMENT_WINDOW);
        heldOut = new PrequentialEvaluator(classes, SEGMENT_WINDOW);
        predictions = new PrequentialEvaluator(classes, PREDICTION_WINDOW);
    }

    @Override
    public void onPrediction(Prediction p) {
        if (p.label() >= 0) {
            predictions.add(p.streamId(), p.label(), p.predicted());
        }
    }

    @Override
    public void onSegment(SegmentResult r) {
        (r.learned() ? learned : heldOut).add(r);
    }

    /** Statistics of segments learned from. */
    public Evaluation learned() {
        return learned.snapshot();
    }

    /** Statistics of held-out segments. */
    public Evaluation heldOut() {
        return heldOut.snapshot();
    }

    /** Statistics of periodic predictions under a label. */
    public Evaluation predictions() {
        return predictions.snapshot();
    }
}
