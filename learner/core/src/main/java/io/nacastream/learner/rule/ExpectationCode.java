package io.nacastream.learner.rule;

/**
 * NACA's population expectation code (naca.md §1.4): class k activates the two expectation units a_k and a_k + 1 of
 * 2C units, with a_k = trunc(2(C-1) * sqrt(ln(C/(k+1)) / ln C)). Pure function.
 */
public final class ExpectationCode {

    private ExpectationCode() {
    }

    /** The first expectation unit a_k of class {@code k} among {@code classes} classes. */
    public static int firstUnit(int k, int classes) {
        if (classes < 2 || k < 0 || k >= classes) {
            throw new IllegalArgumentException("class " + k + " of " + classes);
        }
        return (int) (2.0 * (classes - 1) * Math.sqrt(Math.log((double) classes / (k + 1)) / Math.log(classes)));
    }
}
