package io.nacastream.learner.eval;

/**
 * Running segment accuracy, kept apart for learned segments (prequential: predicted while learning) and held-out
 * segments (never learned from). Not thread-safe.
 */
public final class AccuracyTally {

    private long learned;
    private long learnedCorrect;
    private long heldOut;
    private long heldOutCorrect;

    /** Counts one verdict. */
    public void add(SegmentResult r) {
        if (r.learned()) {
            learned++;
            learnedCorrect += r.correct() ? 1 : 0;
        } else {
            heldOut++;
            heldOutCorrect += r.correct() ? 1 : 0;
        }
    }

    /** Segments learned from. */
    public long learned() {
        return learned;
    }

    /** Correct predictions among learned segments. */
    public long learnedCorrect() {
        return learnedCorrect;
    }

    /** Held-out segments. */
    public long heldOut() {
        return heldOut;
    }

    /** Correct predictions among held-out segments. */
    public long heldOutCorrect() {
        return heldOutCorrect;
    }

    /** Accuracy over learned segments (NaN before the first). */
    public double learnedAccuracy() {
        return learned == 0 ? Double.NaN : (double) learnedCorrect / learned;
    }

    /** Accuracy over held-out segments (NaN before the first). */
    public double heldOutAccuracy() {
        return heldOut == 0 ? Double.NaN : (double) heldOutCorrect / heldOut;
    }
}
