package io.nacastream.learner.naca;

import java.util.List;

/**
 * Parameters of the NACA learner (naca.md §1.3-1.9 and §4; docs/learner.md explains each choice). Times are in
 * microseconds. Build with {@link #builder()}; {@link #toBuilder()} copies.
 *
 * @param inputs             input channels (2 x pooled grid)
 * @param hiddenSizes        units of each hidden LIF layer, input side first (one or more layers)
 * @param classes            output units, one per class
 * @param mode               EVENT: lazy exponential decay per input spike; TICK: the reference's discrete update
 * @param tickUs             TICK mode: duration of one time step (events are binned, one spike per input per tick)
 * @param decayPerTick       TICK mode: membrane decay per step (reference 0.2)
 * @param threshold          firing threshold (reference 0.5)
 * @param lens               surrogate window: Δs = [V &gt; threshold - lens] - s_prev (reference 0.5)
 * @param hiddenTauUs        EVENT mode: membrane time constant of hidden units
 * @param outputTauUs        EVENT mode: membrane time constant of output units
 * @param plasticityWindowUs EVENT mode: a unit counts as "fired in the previous step" for this long after a spike
 * @param rateTauUs          time constant of the output rate estimate r used by the output delta rule
 * @param fullRateHz         EVENT mode: output firing rate that counts as r = 1
 * @param etaHidden          learning rate of the modulated hidden rule
 * @param etaOutput          learning rate of the output delta rule
 * @param lambda             modulation curve λ (reference 0.5)
 * @param thetaMax           modulation curve θ (reference 1.2)
 * @param maskDelta          neuron-plasticity mask δ on the first hidden layer, from the stream's own input activity
 *                           (naca.md §1.8); 0 disables the mask
 * @param maskWindowUs       time constant of the input activity map the mask is computed from
 * @param seed               seed of the initial weights and of the expectation tables NI
 * @param weightBound        largest |w| a learning update may leave (0 = unbounded, as the reference): an addition
 *                           that keeps a long stream from drifting into saturation (docs/learner.md, departure 8)
 * @param readout            what decides a segment: the output layer's spikes (the reference) or a ridge readout of
 *                           the last hidden layer's spike counts pooled over the segment (departure 11)
 * @param readoutRidge       RIDGE readout: the ridge penalty λ of its online least squares
 * @param hiddenRule         what teaches the hidden layers: NACA's modulation and spike-timing gate, or the plain
 *                           random projections it descends from (DRTP, DFA), for comparison (docs/learner.md)
 */
public record NacaConfig(int inputs, List<Integer> hiddenSizes, int classes, Mode mode, long tickUs,
                         float decayPerTick, float threshold, float lens, long hiddenTauUs, long outputTauUs,
                         long plasticityWindowUs, long rateTauUs, double fullRateHz, float etaHidden,
                         float etaOutput, double lambda, double thetaMax, float maskDelta, long maskWindowUs,
                         long seed, float weightBound, Readout readout, double readoutRidge,
                         HiddenRule hiddenRule) {

    /** How the network's time advances. */
    public enum Mode {
        /** Per input spike, with lazy exponential decay between spikes (continuous time). */
        EVENT,
        /** In bins of {@code tickUs}, with the reference code's exact discrete update. */
        TICK
    }

    /** What decides a segment. */
    public enum Readout {
        /** The output layer's spikes, learned by the local delta rule (the reference). */
        SPIKES,
        /** Recursive least squares on the last hidden layer's spike counts pooled over the segment. */
        RIDGE
    }

    /**
     * What teaches the hidden layers; the output layer's delta rule and the readout are NACA's in every case, so the
     * rules differ only where NACA differs from its ancestors (learners.md §1.7).
     */
    public enum HiddenRule {
        /** NACA: the label's modulation f(nl_j(c)) (a fixed table) gated by the spike-timing change Δs. */
        NACA("naca"),
        /**
         * Direct random target projection (Frenkel et al. 2021): a fixed random B[c][j], U(±√(6/n)), chosen by the
         * label, gated by the rectangle surrogate 1[θ - lens &lt; v ≤ θ + lens].
         */
        DRTP("drtp"),
        /**
         * Direct feedback alignment (Nøkland 2016): Σ_q B[q][j]·(r_q - y*_q), the output error through the same kind
         * of fixed random B, with the same surrogate; needs the output layer's rates r (the spikes readout).
         */
        DFA("dfa");

        private final String id;

        HiddenRule(String id) {
            this.id = id;
        }

        /** The learner's algorithm name ({@code learner.algorithm}). */
        public String id() {
            return id;
        }
    }

    public NacaConfig {
        hiddenSizes = List.copyOf(hiddenSizes);
        if (hiddenRule == null) {
            throw new IllegalArgumentException("hiddenRule must be NACA, DRTP or DFA");
        }
        if (hiddenRule == HiddenRule.DFA && readout != Readout.SPIKES) {
            throw new IllegalArgumentException("the DFA hidden rule needs the output layer's error: readout SPIKES");
        }
        if (readout == null) {
            throw new IllegalArgumentException("readout must be SPIKES or RIDGE");
        }
        if (!(readoutRidge > 0) || Double.isInfinite(readoutRidge)) {
            throw new IllegalArgumentException("readoutRidge must be positive and finite, got " + readoutRidge);
        }
        if (inputs < 1 || classes < 2 || hiddenSizes.isEmpty() || hiddenSizes.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("need inputs >= 1, classes >= 2 and at least one hidden layer of "
                    + ">= 1 unit, got inputs=" + inputs + " hidden=" + hiddenSizes + " classes=" + classes);
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode must be EVENT or TICK");
        }
        if (tickUs < 1 || hiddenTauUs < 1 || outputTauUs < 1 || rateTauUs < 1 || plasticityWindowUs < 0
                || fullRateHz <= 0 || maskWindowUs < 1) {
            throw new IllegalArgumentException("time constants must be positive");
        }
        if (!(decayPerTick >= 0 && decayPerTick < 1)) {
            throw new IllegalArgumentException("decayPerTick must be in [0, 1), got " + decayPerTick);
        }
        if (!(weightBound >= 0 && weightBound < Float.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weightBound must be finite and >= 0, got " + weightBound);
        }
        if (threshold <= 0 || lens < 0 || etaHidden < 0 || etaOutput < 0 || maskDelta < 0 || maskDelta > 1) {
            throw new IllegalArgumentException("threshold must be positive, lens and learning rates >= 0, "
                    + "maskDelta in [0, 1]");
        }
    }

    /** True when the ridge readout decides segments (the output layer is not run). */
    public boolean ridgeReadout() {
        return readout == Readout.RIDGE;
    }

    /** Number of hidden layers. */
    public int hiddenLayers() {
        return hiddenSizes.size();
    }

    /** Units of the layer after weight layer {@code l} (hidden layers, then the output). */
    public int postSize(int l) {
        return l < hiddenSizes.size() ? hiddenSizes.get(l) : classes;
    }

    /** Units feeding weight layer {@code l} (the inputs, then the hidden layers). */
    public int preSize(int l) {
        return l == 0 ? inputs : hiddenSizes.get(l - 1);
    }

    /**
     * A builder holding the defaults: 2048 inputs (32x32x2), one hidden layer of 256 units, the 11 gesture classes,
     * event mode. The learning rates were chosen on the synthetic gesture stream (docs/learner.md); neuron and curve
     * constants are the reference's.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.inputs = inputs;
        b.hiddenSizes = hiddenSizes;
        b.classes = classes;
        b.mode = mode;
        b.tickUs = tickUs;
        b.decayPerTick = decayPerTick;
        b.threshold = threshold;
        b.lens = lens;
        b.hiddenTauUs = hiddenTauUs;
        b.outputTauUs = outputTauUs;
        b.plasticityWindowUs = plasticityWindowUs;
        b.rateTauUs = rateTauUs;
        b.fullRateHz = fullRateHz;
        b.etaHidden = etaHidden;
        b.etaOutput = etaOutput;
        b.lambda = lambda;
        b.thetaMax = thetaMax;
        b.maskDelta = maskDelta;
        b.maskWindowUs = maskWindowUs;
        b.seed = seed;
        b.weightBound = weightBound;
        b.readout = readout;
        b.readoutRidge = readoutRidge;
        b.hiddenRule = hiddenRule;
        return b;
    }

    /** Mutable builder of {@link NacaConfig}; starts from the defaults. */
    public static final class Builder {
        private int inputs = 2048;
        private List<Integer> hiddenSizes = List.of(256);
        private int classes = 11;
        private Mode mode = Mode.EVENT;
        private long tickUs = 10_000;
        private float decayPerTick = 0.2f;
        private boolean decayFromTau;
        private float threshold = 0.5f;
        private float lens = 0.5f;
        private long hiddenTauUs = 20_000;
        private long outputTauUs = 20_000;
        private long plasticityWindowUs = 20_000;
        private long rateTauUs = 100_000;
        private double fullRateHz = 100.0;
        private float etaHidden = 3e-3f;
        private float etaOutput = 3e-3f;
        private double lambda = 0.5;
        private double thetaMax = 1.2;
        private float maskDelta = 0f;
        private long maskWindowUs = 100_000;
        private long seed = 7L;
        private float weightBound = 0f;
        private Readout readout = Readout.SPIKES;
        private double readoutRidge = 0.1;
        private HiddenRule hiddenRule = HiddenRule.NACA;

        private Builder() {
        }

        /** Input, hidden (one or more layers) and class counts. */
        public Builder sizes(int newInputs, List<Integer> newHidden, int newClasses) {
            inputs = newInputs;
            hiddenSizes = newHidden;
            classes = newClasses;
            return this;
        }

        /** Event or tick mode. */
        public Builder mode(Mode newMode) {
            mode = newMode;
            return this;
        }

        /** Tick length (tick mode). */
        public Builder tickUs(long newTickUs) {
            tickUs = newTickUs;
            return this;
        }

        /** Membrane decay per tick (tick mode; reference 0.2). */
        public Builder decayPerTick(float newDecay) {
            decayPerTick = newDecay;
            decayFromTau = false;
            return this;
        }

        /**
         * Tick mode's decay per tick derived, when built, from the event mode's hidden membrane: exp(-tick / τ), so
         * both modes are one model sampled two ways.
         */
        public Builder decayPerTickFromTau() {
            decayFromTau = true;
            return this;
        }

        /** Learning rates of the hidden rule and of the output delta rule. */
        public Builder learningRates(float newEtaHidden, float newEtaOutput) {
            etaHidden = newEtaHidden;
            etaOutput = newEtaOutput;
            return this;
        }

        /** Neuron constants: threshold and surrogate window. */
        public Builder neuron(float newThreshold, float newLens) {
            threshold = newThreshold;
            lens = newLens;
            return this;
        }

        /** Event-mode time constants: hidden and output membranes, plasticity window, output rate. */
        public Builder timeConstants(long hiddenTau, long outputTau, long plasticityWindow, long rateTau) {
            hiddenTauUs = hiddenTau;
            outputTauUs = outputTau;
            plasticityWindowUs = plasticityWindow;
            rateTauUs = rateTau;
            return this;
        }

        /** Neuron-plasticity mask δ (0 = off) and the time constant of the activity map it reads. */
        public Builder mask(float delta, long windowUs) {
            maskDelta = delta;
            maskWindowUs = windowUs;
            return this;
        }

        /** Largest |w| an update may leave (0 = unbounded, as the reference). */
        public Builder weightBound(float newWeightBound) {
            weightBound = newWeightBound;
            return this;
        }

        /** What decides a segment, and the ridge penalty of the RIDGE readout. */
        public Builder readout(Readout newReadout, double newRidge) {
            readout = newReadout;
            readoutRidge = newRidge;
            return this;
        }

        /** Seed of the weights and tables. */
        public Builder seed(long newSeed) {
            seed = newSeed;
            return this;
        }

        /** The configuration (validated). */
        /** What teaches the hidden layers (default NACA). */
        public Builder hiddenRule(HiddenRule newRule) {
            hiddenRule = newRule;
            return this;
        }

        public NacaConfig build() {
            float decay = decayFromTau ? (float) Math.exp(-(double) tickUs / hiddenTauUs) : decayPerTick;
            return new NacaConfig(inputs, hiddenSizes, classes, mode, tickUs, decay, threshold, lens,
                    hiddenTauUs, outputTauUs, plasticityWindowUs, rateTauUs, fullRateHz, etaHidden, etaOutput,
                    lambda, thetaMax, maskDelta, maskWindowUs, seed, weightBound, readout, readoutRidge,
                    hiddenRule);
        }
    }
}
