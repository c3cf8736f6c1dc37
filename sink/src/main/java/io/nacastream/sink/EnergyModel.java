package io.nacastream.sink;

import io.nacastream.learner.OpCounts;

/**
 * Converts operation counts to estimated joules with per-operation energies. Defaults are Horowitz (ISSCC 2014,
 * 45 nm, 32-bit float): an add (AC) 0.9 pJ, a multiply-accumulate (MAC) 0.9 + 3.7 = 4.6 pJ. This is the usual
 * convention of the SNN literature, not the NACA paper's cost metric (which counts weights touched).
 *
 * @param picojoulesPerAc  energy of one accumulate (spike-driven synaptic add)
 * @param picojoulesPerMac energy of one multiply-accumulate (membrane decay update, weight update)
 */
public record EnergyModel(double picojoulesPerAc, double picojoulesPerMac) {

    public EnergyModel {
        if (picojoulesPerAc < 0 || picojoulesPerMac < 0) {
            throw new IllegalArgumentException("energies must be >= 0");
        }
    }

    /** Horowitz 45 nm float32: 0.9 pJ per AC, 4.6 pJ per MAC. */
    public static EnergyModel horowitz45nm() {
        return new EnergyModel(0.9, 4.6);
    }

    /** Effective accumulates: the forward synaptic operations (each a weight added into a membrane). */
    public long effectiveAcs(OpCounts c) {
        return c.forwardSynOps();
    }

    /** Effective multiply-accumulates: membrane updates plus weight updates. */
    public long effectiveMacs(OpCounts c) {
        return c.membraneUpdates() + c.learningSynOps();
    }

    /** Estimated energy of the counted operations, in joules. */
    public double joules(OpCounts c) {
        return (effectiveAcs(c) * picojoulesPerAc + effectiveMacs(c) * picojoulesPerMac) * 1e-12;
    }
}
