package io.nacastream.sink;

import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounts;

/**
 * Cumulative operation counts of a learner at a moment, priced in joules, as published on the energy topic.
 *
 * @param wallTimeMs     wall-clock time of the report (ms since the epoch, from the injected clock)
 * @param algorithm      the learner ("naca", "bp", ...)
 * @param counts         cumulative operation counts, per layer and phase
 * @param model          the per-operation energies used
 * @param joules         estimated energy of all counted operations
 * @param forwardJoules  of which the forward phase (inference)
 * @param learningJoules of which the learning phase
 */
public record EnergyReport(long wallTimeMs, String algorithm, OpCounts counts, EnergyModel model, double joules,
                           double forwardJoules, double learningJoules) {

    /** A report of {@code counts} priced with {@code model}. */
    public static EnergyReport of(long wallTimeMs, String algorithm, OpCounts counts, EnergyModel model) {
        double forward = 0;
        double learning = 0;
        for (LayerCounts l : counts.layers()) {
            forward += model.forwardJoules(l);
            learning += model.learningJoules(l);
        }
        return new EnergyReport(wallTimeMs, algorithm, counts, model, model.joules(counts), forward, learning);
    }

    /** Estimated joules per input event (0 before the first event). */
    public double joulesPerEvent() {
        return counts.events() == 0 ? 0 : joules / counts.events();
    }
}
