package io.nacastream.learner.rule;

/**
 * NACA's nonlinear modulation curve f(nl) (naca.md §1.5, reference code {@code local_modulation}): continuous,
 * antisymmetric about λ, with extremes ±θ at nl = λ/4 and 7λ/4. Pure function.
 */
public final class ModulationCurve {

    private ModulationCurve() {
    }

    /** f(nl) for curve parameters λ ({@code lambda}) and θ ({@code thetaMax}). */
    public static double f(double nl, double lambda, double thetaMax) {
        double l2 = lambda * lambda;
        if (nl <= lambda / 2) {
            double a = 4 * nl - lambda;
            return thetaMax - (thetaMax - 1) * a * a / l2;
        }
        if (nl <= lambda) {
            double a = nl - lambda;
            return 4 * a * a / l2;
        }
        if (nl <= 1.5 * lambda) {
            double a = nl - lambda;
            return -4 * a * a / l2;
        }
        double a = 4 * (2 * lambda - nl) - lambda;
        return (thetaMax - 1) * a * a / l2 - thetaMax;
    }
}
