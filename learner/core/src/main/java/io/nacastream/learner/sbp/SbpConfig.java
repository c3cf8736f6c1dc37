package io.nacastream.learner.sbp;

import java.util.List;
import java.util.Locale;

/**
 * Parameters of the SBP learner (naca.md §3.1; docs/learner.md, "SBP"). The constants default to the reference's
 * MATLAB code ({@code SBP_SNN_STDP}): ε = 0.5, β = 0.5, 20 free and 5 clamped iterations, λ_pre = 1,
 * λ_post = 0.5, λ_bp = 1, φ = 0.2, and per-layer rates α = [0.1, 0.05] (hidden, output), kept here as one rate
 * {@code learningRate} for the hidden layers and half of it for the output layer.
 *
 * @param inputs            input channels
 * @param hiddenSizes       units of each hidden layer, input side first (one or more layers)
 * @param classes           output units, one per class
 * @param variant           which SBP rescaling is applied to the contrastive base change
 * @param learningRate      α of the hidden layers (the output layer's is half of it, as the reference's 0.1 / 0.05)
 * @param epsilon           relaxation step ε of both phases (reference 0.5)
 * @param beta              clamping strength β of the clamped phase (reference 0.5)
 * @param freeIterations    relaxation sweeps of the free phase after its feedforward sweep (reference 20)
 * @param clampedIterations relaxation sweeps of the clamped phase (reference 5)
 * @param lambdaPre         λ_pre of SBP(pre) (reference 1)
 * @param lambdaPost        λ_post of SBP(post) (reference 0.5)
 * @param lambdaBp          λ_bp of SBP(bp) (reference 1)
 * @param fraction          φ, the reference's {@code fraction} (0.2): the largest share-driven boost of a change
 * @param seed              seed of the initial weights
 */
public record SbpConfig(int inputs, List<Integer> hiddenSizes, int classes, Variant variant, float learningRate,
                        float epsilon, float beta, int freeIterations, int clampedIterations, float lambdaPre,
                        float lambdaPost, float lambdaBp, float fraction, long seed) {

    /** Ratio of the output layer's rate to the hidden layers' (the reference's α = [0.1, 0.05]). */
    public static final float OUTPUT_RATE_RATIO = 0.5f;

    /** Which rescalings of naca.md §3.1 shape the base change ΔW = ΔW⁺ + ΔW⁻. */
    public enum Variant {
        /** SBP(pre) only: each change scaled by its presynaptic unit's share of the layer's LTP (LTD). */
        PRE,
        /** SBP(post) only: LTD scaled by its postsynaptic unit's share of the layer's LTD; LTP unscaled. */
        POST,
        /** SBP(bp) only, hidden layers: scaled by the unit's share of the next layer's (pre-scaled) change. */
        BP,
        /** The reference's mix: hidden LTP (pre + bp)/2, LTD (pre + post + bp)/3; output pre, (pre + post)/2. */
        ALL;

        /** The variant named {@code id} (pre, post, bp or all), in any case. */
        public static Variant of(String id) {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        }

        /** Its configuration value (lower case). */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** How this variant mixes the rescalings in a hidden layer ({@code hidden}) or in the output layer. */
        public Mix mix(boolean hidden) {
            return switch (this) {
                case PRE -> new Mix(1, 0, 0, 1, 0, 0, 0);
                case POST -> new Mix(0, 0, 1, 0, 1, 0, 0);
                case BP -> hidden ? new Mix(0, 1, 0, 0, 0, 1, 0) : new Mix(0, 0, 1, 0, 0, 0, 1);
                case ALL -> hidden ? new Mix(0.5f, 0.5f, 0, 1 / 3f, 1 / 3f, 1 / 3f, 0)
                        : new Mix(1, 0, 0, 0.5f, 0.5f, 0, 0);
            };
        }
    }

    /**
     * The weights of a layer's rescaled change: an LTP change is scaled by {@code prePlus·p⁺_i + bpPlus·g⁺_k +
     * onePlus}, an LTD change by {@code preMinus·p⁻_i + postMinus·q_k + bpMinus·g⁻_k + oneMinus} (p: SBP(pre) row
     * factors, q: SBP(post) column factors, g: SBP(bp) column factors, one: the plain base change).
     */
    public record Mix(float prePlus, float bpPlus, float onePlus, float preMinus, float postMinus, float bpMinus,
                      float oneMinus) {
    }

    public SbpConfig {
        hiddenSizes = List.copyOf(hiddenSizes);
        if (inputs < 1 || classes < 2 || hiddenSizes.isEmpty() || hiddenSizes.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("need inputs >= 1, classes >= 2 and at least one hidden layer of "
                    + ">= 1 unit, got inputs=" + inputs + " hidden=" + hiddenSizes + " classes=" + classes);
        }
        if (variant == null) {
            throw new IllegalArgumentException("variant must be pre, post, bp or all");
        }
        if (!(learningRate > 0) || !(epsilon > 0 && epsilon <= 1) || !(beta > 0) || freeIterations < 0
                || clampedIterations < 1 || !(lambdaPre >= 0) || !(lambdaPost >= 0) || !(lambdaBp >= 0)
                || !(fraction >= 0) || Float.isInfinite(learningRate) || Float.isInfinite(beta)) {
            throw new IllegalArgumentException("need a positive finite learning rate and β, ε in (0, 1], free "
                    + "iterations >= 0, clamped iterations >= 1 and non-negative λ and φ");
        }
    }

    /** The reference's constants for these sizes, variant, hidden-layer rate and seed. */
    public static SbpConfig of(int inputs, List<Integer> hiddenSizes, int classes, Variant variant,
                               float learningRate, long seed) {
        return new SbpConfig(inputs, hiddenSizes, classes, variant, learningRate, 0.5f, 0.5f, 20, 5, 1f, 0.5f, 1f,
                0.2f, seed);
    }

    /** A copy with {@code free} and {@code clamped} relaxation sweeps. */
    public SbpConfig withIterations(int free, int clamped) {
        return new SbpConfig(inputs, hiddenSizes, classes, variant, learningRate, epsilon, beta, free, clamped,
                lambdaPre, lambdaPost, lambdaBp, fraction, seed);
    }

    /** Number of weight layers (hidden layers + 1). */
    public int layers() {
        return hiddenSizes.size() + 1;
    }

    /** Units of the layer after weight layer {@code l} (hidden layers, then the output). */
    public int postSize(int l) {
        return l < hiddenSizes.size() ? hiddenSizes.get(l) : classes;
    }

    /** Units feeding weight layer {@code l} (the inputs, then the hidden layers). */
    public int preSize(int l) {
        return l == 0 ? inputs : hiddenSizes.get(l - 1);
    }

    /** The rate α of weight layer {@code l}. */
    public float rate(int l) {
        return l < hiddenSizes.size() ? learningRate : learningRate * OUTPUT_RATE_RATIO;
    }
}
