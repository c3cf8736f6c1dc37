package io.nacastream.learner.eval;

/**
 * Evaluation statistics of a set of classified instances at a moment (each scored before it was learned).
 *
 * @param instances        instances scored
 * @param correct          instances predicted correctly
 * @param windowAccuracy   accuracy over the last {@code window} instances (NaN before the first)
 * @param window           size of the sliding window
 * @param kappa            Cohen's κ (NaN before the first instance)
 * @param kappaT           κ_T against the per-stream no-change classifier (NaN if undefined)
 * @param noChangeAccuracy accuracy of the no-change classifier on the same instances
 * @param confusion        counts [true class][predicted class], with a last column for "no prediction"
 * @param latencyP50Ms     median time from segment start to the first correct running verdict, over segments that
 *                         were ever correct (NaN if none, or for instances that are not segments)
 * @param latencyP90Ms     90th percentile of the same
 * @param neverCorrect     segments whose running verdict was never correct
 */
public record Evaluation(long instances, long correct, double windowAccuracy, int window, double kappa,
                         double kappaT, double noChangeAccuracy, long[][] confusion, double latencyP50Ms,
                         double latencyP90Ms, long neverCorrect) {

    public Evaluation {
        confusion = copy(confusion);
    }

    /** Accuracy over all instances (NaN before the first). */
    public double accuracy() {
        return instances == 0 ? Double.NaN : (double) correct / instances;
    }

    /**
     * How much the most over-predicted class is over-predicted: max over classes k of (share of instances predicted
     * as k) / (share of instances whose true class is k), over classes that occur (NaN before the first instance).
     * 1 for a perfect classifier; a model that collapses onto one of C balanced classes scores up to C.
     */
    public double largestPredictedShareRatio() {
        if (instances == 0) {
            return Double.NaN;
        }
        double worst = 0;
        for (int k = 0; k < confusion.length; k++) {
            long truth = 0;
            long predicted = 0;
            for (int i = 0; i < confusion.length; i++) {
                predicted += confusion[i][k];
            }
            for (long v : confusion[k]) {
                truth += v;
            }
            if (truth > 0) {
                worst = Math.max(worst, (double) predicted / truth);
            } else if (predicted > 0) {
                worst = Double.POSITIVE_INFINITY;   // a class that never occurs is predicted
            }
        }
        return worst;
    }

    @Override
    public long[][] confusion() {
        return copy(confusion);
    }

    private static long[][] copy(long[][] m) {
        long[][] c = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
