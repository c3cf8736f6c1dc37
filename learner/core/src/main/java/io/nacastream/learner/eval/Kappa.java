package io.nacastream.learner.eval;

/**
 * Chance-corrected agreement statistics for stream classification, as MOA reports them. Pure functions.
 * <ul>
 *   <li>Cohen's κ = (p_o - p_e) / (1 - p_e): accuracy corrected for a classifier that guesses with the observed
 *   class frequencies (Cohen 1960).</li>
 *   <li>κ_T = (p_o - p_per) / (1 - p_per): accuracy corrected for the no-change classifier that predicts the
 *   previous instance's true label (Žliobaitė, Bifet, Read, Pfahringer, Holmes 2015). On streams where consecutive
 *   instances share a label, p_per is high and κ_T exposes accuracy that temporal dependence alone would give.</li>
 * </ul>
 */
public final class Kappa {

    private Kappa() {
    }

    /**
     * Cohen's κ of a confusion matrix {@code m[true][predicted]} (square, classes only). NaN without instances; 0
     * when p_e = 1 and the agreement is perfect by chance alone.
     */
    public static double cohen(long[][] m) {
        int c = m.length;
        long n = 0;
        long agree = 0;
        long[] rows = new long[c];
        long[] cols = new long[c];
        for (int i = 0; i < c; i++) {
            if (m[i].length != c) {
                throw new IllegalArgumentException("confusion matrix must be square");
            }
            for (int j = 0; j < c; j++) {
                n += m[i][j];
                rows[i] += m[i][j];
                cols[j] += m[i][j];
            }
            agree += m[i][i];
        }
        return cohen(agree, rows, cols, n);
    }

    /**
     * Cohen's κ from the agreement count, the true-class totals {@code rows}, the predicted-class totals
     * {@code cols} and the instance count {@code n} (instances predicted as no class count in n but in no column).
     */
    public static double cohen(long agree, long[] rows, long[] cols, long n) {
        if (n == 0) {
            return Double.NaN;
        }
        double po = (double) agree / n;
        double pe = 0;
        for (int k = 0; k < rows.length; k++) {
            pe += ((double) rows[k] / n) * ((double) cols[k] / n);
        }
        return pe >= 1 ? 0 : (po - pe) / (1 - pe);
    }

    /** κ_T from the classifier's accuracy and the no-change classifier's accuracy. NaN if undefined. */
    public static double temporal(double accuracy, double noChangeAccuracy) {
        if (Double.isNaN(accuracy) || Double.isNaN(noChangeAccuracy) || noChangeAccuracy >= 1) {
            return Double.NaN;
        }
        return (accuracy - noChangeAccuracy) / (1 - noChangeAccuracy);
    }
}
