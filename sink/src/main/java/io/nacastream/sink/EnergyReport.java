package io.nacastream.sink;

import io.nacastream.learner.OpCounts;

/**
 * Cumulative energy counters of the learner at a moment, as published on the energy topic.
 *
 * @param wallTimeMs    wall-clock time of the report (ms since the epoch, from the injected clock)
 * @param counts        cumulative operation counts
 * @param effectiveAcs  accumulates (forward synaptic operations)
 * @param effectiveMacs multiply-accumulates (membrane and weight updates)
 * @param joules        estimated energy of all counted operations
 */
public record EnergyReport(long wallTimeMs, OpCounts counts, long effectiveAcs, long effectiveMacs, double joules) {

    /** A report of {@code counts} priced with {@code model}. */
    public static EnergyReport of(long wallTimeMs, OpCounts counts, EnergyModel model) {
        return new EnergyReport(wallTimeMs, counts, model.effectiveAcs(counts), model.effectiveMacs(counts),
                model.joules(counts));
    }

    /** Estimated joules per input event (0 before the first event). */
    public double joulesPerEvent() {
        return counts.events() == 0 ? 0 : joules / counts.events();
    }
}
