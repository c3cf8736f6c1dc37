package io.nacastream.learner;

/**
 * Parameters of the per-event NACA learner (naca.md §4). Times are in microseconds.
 *
 * @param inputs           number of input channels (2 x pooled grid)
 * @param hidden           hidden LIF units
 * @param classes          output units, one per class
 * @param threshold        firing threshold of hidden and output units (reference 0.5)
 * @param lens             surrogate window: Δs = [V > threshold - lens] - s_prev (reference 0.5)
 * @param hiddenTauUs      membrane time constant of hidden units (lazy exponential decay per event)
 * @param outputTauUs      membrane time constant of output units
 * @param plasticityWindowUs a unit counts as "fired in the previous step" (s_prev) for this long after a spike
 * @param rateTauUs        time constant of the output firing-rate estimate r
 * @param fullRateHz       output firing rate that counts as r = 1 in the delta rule
 * @param etaHidden        learning rate of the modulated hidden rule
 * @param etaOutput        learning rate of the output delta rule
 * @param lambda           modulation curve λ (reference 0.5)
 * @param thetaMax         modulation curve θ (reference 1.2)
 * @param seed             seed of the initial weights and of the expectation table NI
 */
public record NacaConfig(int inputs, int hidden, int classes, float threshold, float lens, long hiddenTauUs,
                         long outputTauUs, long plasticityWindowUs, long rateTauUs, double fullRateHz,
                         float etaHidden, float etaOutput, double lambda, double thetaMax, long seed) {

    public NacaConfig {
        if (inputs < 1 || hidden < 1 || classes < 2) {
            throw new IllegalArgumentException("need inputs >= 1, hidden >= 1 and classes >= 2");
        }
        if (hiddenTauUs < 1 || outputTauUs < 1 || rateTauUs < 1 || plasticityWindowUs < 0 || fullRateHz <= 0) {
            throw new IllegalArgumentException("time constants must be positive");
        }
        if (threshold <= 0 || lens < 0 || etaHidden < 0 || etaOutput < 0) {
            throw new IllegalArgumentException("threshold must be positive, lens and learning rates >= 0");
        }
    }

    /**
     * Defaults for 2048 inputs (32x32x2), 256 hidden units and the 11 gesture classes. The learning rates were
     * chosen on the synthetic gesture stream (docs/learner.md); the neuron and curve constants are the reference's.
     */
    public static NacaConfig defaults() {
        return new NacaConfig(2048, 256, 11, 0.5f, 0.5f, 20_000, 20_000, 20_000, 100_000, 100.0,
                3e-3f, 3e-3f, 0.5, 1.2, 7L);
    }

    /** A copy with other layer sizes. */
    public NacaConfig withSizes(int newInputs, int newHidden, int newClasses) {
        return new NacaConfig(newInputs, newHidden, newClasses, threshold, lens, hiddenTauUs, outputTauUs,
                plasticityWindowUs, rateTauUs, fullRateHz, etaHidden, etaOutput, lambda, thetaMax, seed);
    }

    /** A copy with other learning rates. */
    public NacaConfig withLearningRates(float newEtaHidden, float newEtaOutput) {
        return new NacaConfig(inputs, hidden, classes, threshold, lens, hiddenTauUs, outputTauUs,
                plasticityWindowUs, rateTauUs, fullRateHz, newEtaHidden, newEtaOutput, lambda, thetaMax, seed);
    }

    /** A copy with another seed. */
    public NacaConfig withSeed(long newSeed) {
        return new NacaConfig(inputs, hidden, classes, threshold, lens, hiddenTauUs, outputTauUs,
                plasticityWindowUs, rateTauUs, fullRateHz, etaHidden, etaOutput, lambda, thetaMax, newSeed);
    }
}
