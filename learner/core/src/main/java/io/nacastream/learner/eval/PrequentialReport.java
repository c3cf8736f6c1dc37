package io.nacastream.learner.eval;

import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.StateBytes;

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

    /** Everything the report has accumulated, as a checkpoint keeps it (docs/checkpoint-format.md). */
    public byte[] toBytes() {
        StateBytes.Writer w = StateBytes.writer();
        learned.write(w);
        heldOut.write(w);
        predictions.write(w);
        return w.toBytes();
    }

    /** Replaces what the report has accumulated by {@code bytes} from {@link #toBytes()}; refuses another shape. */
    public void restore(byte[] bytes) {
        StateBytes.Reader r = StateBytes.reader(bytes);
        learned.read(r);
        heldOut.read(r);
        predictions.read(r);
        r.end();
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
