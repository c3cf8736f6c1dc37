package io.nacastream.learner.energy;


/**
 * Prices operation counts ({@link Ops}) in joules: one energy per arithmetic operation and per memory access, the
 * same for every learner (docs/learner.md, "Energy"). Defaults ({@link #horowitz45nm()}) are Horowitz, "Computing's
 * energy problem", ISSCC 2014, 45 nm, 32-bit float: add 0.9 pJ, multiply 3.7 pJ (so a multiply-add 4.6 pJ), an 8 KB
 * SRAM read of 64 bits 10 pJ (5 pJ per 32-bit word, read or written; weights assumed banked in 8 KB arrays). Two
 * prices are our assumptions, not Horowitz's: a compare or clamp as an add (0.9 pJ), and an exponential, power,
 * square root or division as six multiply-adds (27.6 pJ: range reduction plus a degree-5 polynomial).
 *
 * @param pjPerAdd         one addition or subtraction
 * @param pjPerMac         one multiplication or multiply-add
 * @param pjPerCompare     one compare, min, max or clamp side
 * @param pjPerExp         one exponential, power, square root or division
 * @param pjPerWeightRead  one 32-bit weight read
 * @param pjPerWeightWrite one 32-bit weight write
 * @param pjPerStateAccess one 32-bit read or write of per-stream state (membranes, traces, activations)
 */
public record EnergyModel(double pjPerAdd, double pjPerMac, double pjPerCompare, double pjPerExp,
                          double pjPerWeightRead, double pjPerWeightWrite, double pjPerStateAccess) {

    public EnergyModel {
        for (double p : new double[]{pjPerAdd, pjPerMac, pjPerCompare, pjPerExp, pjPerWeightRead, pjPerWeightWrite,
                pjPerStateAccess}) {
            if (!(p >= 0) || Double.isInfinite(p)) {
                throw new IllegalArgumentException("energies must be finite and >= 0");
            }
        }
    }

    /** Horowitz 45 nm float32 (see the class comment): 0.9, 4.6, 0.9, 27.6, 5, 5, 5 pJ. */
    public static EnergyModel horowitz45nm() {
        return new EnergyModel(0.9, 4.6, 0.9, 27.6, 5, 5, 5);
    }

    /** Joules of {@code ops}. */
    public double joules(Ops o) {
        return (o.adds() * pjPerAdd + o.macs() * pjPerMac + o.compares() * pjPerCompare + o.exps() * pjPerExp
                + o.weightReads() * pjPerWeightRead + o.weightWrites() * pjPerWeightWrite
                + (o.stateReads() + o.stateWrites()) * pjPerStateAccess) * 1e-12;
    }

    /** Joules of the arithmetic of {@code ops} alone (no memory access). */
    public double arithmeticJoules(Ops o) {
        return joules(new Ops(o.adds(), o.macs(), o.compares(), o.exps(), 0, 0, 0, 0));
    }

    /** Estimated energy of all counted operations, in joules. */
    public double joules(OpCounts c) {
        return joules(c.total());
    }

    /** Estimated energy of the forward phase (inference) of one layer, in joules. */
    public double forwardJoules(LayerCounts l) {
        return joules(l.forward());
    }

    /** Estimated energy of the learning phase of one layer, in joules. */
    public double learningJoules(LayerCounts l) {
        return joules(l.learning());
    }
}
