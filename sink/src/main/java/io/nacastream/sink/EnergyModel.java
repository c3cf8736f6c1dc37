package io.nacastream.sink;

import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounts;

/**
 * Converts operation counts to estimated joules with per-operation energies. Defaults are Horowitz (ISSCC 2014,
 * 45 nm, 32-bit float): an add (AC) 0.9 pJ, a multiply-accumulate (MAC) 0.9 + 3.7 = 4.6 pJ. This is the usual
 * convention of the SNN literature (NeuroBench's effective ACs/MACs priced as SpikingJelly does), not the NACA
 * paper's cost metric (which counts weights touched, naca.md §2.1). Memory reads are reported, not priced.
 *
 * @param picojoulesPerAc  energy of one accumulate
 * @param picojoulesPerMac energy of one multiply-accumulate
 */
public record EnergyModel(double picojoulesPerAc, double picojoulesPerMac) {

    public EnergyModel {
        if (!(picojoulesPerAc >= 0) || !(picojoulesPerMac >= 0)) {
            throw new IllegalArgumentException("energies must be >= 0");
        }
    }

    /** Horowitz 45 nm float32: 0.9 pJ per AC, 4.6 pJ per MAC. */
    public static EnergyModel horowitz45nm() {
        return new EnergyModel(0.9, 4.6);
    }

    /** Estimated energy of all counted operations, in joules. */
    public double joules(OpCounts c) {
        return price(c.effectiveAcs(), c.effectiveMacs());
    }

    /** Estimated energy of the forward phase (inference) of one layer, in joules. */
    public double forwardJoules(LayerCounts l) {
        return price(l.forwardAcs(), l.forwardMacs());
    }

    /** Estimated energy of the learning phase of one layer, in joules. */
    public double learningJoules(LayerCounts l) {
        return price(l.learningAcs(), l.learningMacs());
    }

    private double price(long acs, long macs) {
        return (acs * picojoulesPerAc + macs * picojoulesPerMac) * 1e-12;
    }
}
