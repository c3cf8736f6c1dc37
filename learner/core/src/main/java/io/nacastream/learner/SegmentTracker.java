package io.nacastream.learner;

import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.energy.Ops;

import java.util.Arrays;

/**
 * Per-stream bookkeeping shared by the learners: which label segment is in force at the stream's current time, the
 * evidence (votes) collected for it, when it is closed with a verdict, and when the next periodic prediction is due.
 * The verdict is the class with the most votes (output spikes for NACA, summed class probabilities for backprop),
 * falling back to the largest summed output potential when nothing fired. The latency of a segment is the time from
 * its start to the first moment its running verdict was correct. The methods that move the clock return the segment
 * they closed (its verdict already reported), so a learner can learn from it only then: strict test-then-train.
 */
public final class SegmentTracker {

    private static final long NEVER = Long.MIN_VALUE / 4;

    /**
     * Cost of the per-event bookkeeping every learner does (counted in the input layer's forward phase): the time
     * order check, the segment window check and the prediction schedule check.
     */
    public static final Ops PER_EVENT = Ops.NONE.compares(3).stateReads(3).stateWrites(1);

    private final String streamId;
    private final LabelBook labels;
    private final long predictionIntervalUs;
    private final double[] votes;
    private final double[] fallback;
    private long voteCount;
    private int decided = -1;
    private long firstCorrectUs = -1;
    private LabelSegment segment;
    private long windowStartUs = 1;
    private long windowEndUs = 0;
    private long labelVersion = -1;
    private long nextPredictionUs = NEVER;
    private Runnable beforeVerdict = () -> {
    };

    /** A tracker of {@code streamId} for {@code classes} classes. */
    public SegmentTracker(String streamId, int classes, LabelBook labels, long predictionIntervalUs) {
        if (predictionIntervalUs < 1) {
            throw new IllegalArgumentException("predictionIntervalUs must be positive");
        }
        this.streamId = streamId;
        this.labels = labels;
        this.predictionIntervalUs = predictionIntervalUs;
        this.votes = new double[classes];
        this.fallback = new double[classes];
    }

    /** The stream. */
    public String streamId() {
        return streamId;
    }

    /** Runs {@code action} just before each verdict is taken (a learner adding its last evidence). */
    public void beforeVerdict(Runnable action) {
        beforeVerdict = action;
    }

    /**
     * Moves the stream's clock to {@code t}: closes a segment that ended before it and opens the one in force.
     * Returns the segment closed (its verdict reported), or null.
     */
    public LabelSegment advance(long t, LearnerListener listener) {
        LabelSegment closed = null;
        if (t >= windowEndUs || t < windowStartUs || labelVersion != labels.version()) {
            LabelSegment next = labels.at(streamId, t);
            if (segment != null && !segment.equals(next)) {
                closed = segment;
                close(listener);
            }
            if (next != null && !next.equals(segment)) {
                clearTallies();
            }
            segment = next;
            labelVersion = labels.version();
            if (next != null) {
                windowStartUs = next.startUs();
                windowEndUs = next.endUs();
            } else {
                windowStartUs = t;
                windowEndUs = labels.nextStartAfter(streamId, t);
            }
        }
        return closed;
    }

    /**
     * Closes the segment in force if the stream has reached its end at {@code endUs} (end of a packet); returns it,
     * or null.
     */
    public LabelSegment reachedEnd(long endUs, LearnerListener listener) {
        if (segment != null && endUs >= windowEndUs) {
            return advance(endUs, listener);
        }
        return null;
    }

    /** Closes the open segment, if any, as if the stream had ended; returns it, or null. */
    public LabelSegment finish(LearnerListener listener) {
        LabelSegment closed = segment;
        if (segment != null) {
            close(listener);
            segment = null;
            windowStartUs = 1;
            windowEndUs = 0;
        }
        return closed;
    }

    /** The label segment in force, or null. */
    public LabelSegment segment() {
        return segment;
    }

    /** True while a labelled segment is in force. */
    public boolean inSegment() {
        return segment != null;
    }

    /** True once per prediction interval of stream time (the first call only starts the schedule). */
    public boolean predictionDue(long t) {
        if (nextPredictionUs == NEVER) {
            nextPredictionUs = t + predictionIntervalUs;
            return false;
        }
        if (t < nextPredictionUs) {
            return false;
        }
        nextPredictionUs = t - (t - nextPredictionUs) % predictionIntervalUs + predictionIntervalUs;
        return true;
    }

    /** The class to learn now, or -1 (no label, a held-out label, or a class the model does not have). */
    public int learnClass() {
        return segment != null && segment.learn() && segment.classId() < votes.length ? segment.classId() : -1;
    }

    /** The class of the label in force, or -1. */
    public int labelClass() {
        return segment == null ? -1 : segment.classId();
    }

    /** Adds {@code weight} votes for class {@code k} at time {@code t} (ignored outside labelled segments). */
    public void vote(int k, double weight, long t) {
        if (segment == null) {
            return;
        }
        votes[k] += weight;
        counted(t);
    }

    /** Adds one evidence item spread over the classes (e.g. class probabilities of a frame) at time {@code t}. */
    public void vote(double[] weights, long t) {
        if (segment == null) {
            return;
        }
        for (int k = 0; k < votes.length; k++) {
            votes[k] += weights[k];
        }
        counted(t);
    }

    private void counted(long t) {
        voteCount++;
        if (firstCorrectUs < 0 && argmax(votes) == segment.classId()) {
            firstCorrectUs = t - segment.startUs();
        }
    }

    /**
     * Replaces the running verdict by the argmax of {@code scores} (a readout's class scores for the whole segment so
     * far; any sign), taken at time {@code t}; ignored outside labelled segments and when every score is equal.
     */
    public void decide(float[] scores, long t) {
        if (segment == null) {
            return;
        }
        int best = 0;
        boolean allEqual = true;
        for (int k = 1; k < scores.length; k++) {
            allEqual &= scores[k] == scores[0];
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        decided = allEqual ? -1 : best;
        voteCount++;
        if (firstCorrectUs < 0 && decided == segment.classId()) {
            firstCorrectUs = t - segment.startUs();
        }
    }

    /** Adds evidence used only when no vote was cast in the segment (e.g. sub-threshold output potentials). */
    public void fallback(int k, double weight) {
        if (segment != null) {
            fallback[k] += weight;
        }
    }

    private void close(LearnerListener listener) {
        beforeVerdict.run();
        int best = decided >= 0 ? decided : voteCount > 0 ? argmax(votes) : argmax(fallback);
        listener.onSegment(new SegmentResult(streamId, segment.startUs(), segment.endUs(), segment.classId(), best,
                segment.learn(), voteCount, firstCorrectUs));
        clearTallies();
    }

    private void clearTallies() {
        Arrays.fill(votes, 0);
        Arrays.fill(fallback, 0);
        voteCount = 0;
        decided = -1;
        firstCorrectUs = -1;
    }

    /**
     * Writes what this tracker holds of the stream (docs/checkpoint-format.md, "Stream state"): the votes, fallback
     * evidence, running verdict and latency of the segment in force, the segment itself and the prediction schedule.
     */
    public void writeState(StateBytes.Writer w) {
        w.putDoubles(votes).putDoubles(fallback).putLong(voteCount).putInt(decided).putLong(firstCorrectUs)
                .putSegment(segment).putLong(windowStartUs).putLong(windowEndUs).putLong(nextPredictionUs);
    }

    /**
     * Reads what {@link #writeState} wrote; the segment in force is looked up again in the label book at the next
     * event (a checkpoint restored with the same labels finds the same segment and keeps its votes).
     */
    public void readState(StateBytes.Reader r) {
        r.getDoubles(votes);
        r.getDoubles(fallback);
        voteCount = r.getLong();
        decided = r.getInt();
        firstCorrectUs = r.getLong();
        segment = r.getSegment(streamId);
        windowStartUs = r.getLong();
        windowEndUs = r.getLong();
        nextPredictionUs = r.getLong();
        labelVersion = -1;
    }

    /** Index of the largest positive element, or -1 if none is positive (first index wins ties). */
    public static int argmax(double[] a) {
        int best = -1;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > 0 && (best < 0 || a[k] > a[best])) {
                best = k;
            }
        }
        return best;
    }
}
