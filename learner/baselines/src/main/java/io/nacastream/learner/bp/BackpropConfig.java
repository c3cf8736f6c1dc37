package io.nacastream.learner.bp;

import java.util.List;
import java.util.Locale;

/**
 * Parameters of the backprop baseline: an MLP with the same sizes as the NACA network, trained online on time-binned
 * spike frames of the same encoder.
 *
 * @param inputs       input channels (same encoder as NACA)
 * @param hiddenSizes  ReLU hidden layers, input side first
 * @param classes      softmax outputs
 * @param binUs        frame length: the spikes of a stream in one bin form one input frame
 * @param learningRate step size on the cross-entropy loss, one step per frame of a learned segment
 * @param ewcLambda    strength of the elastic weight consolidation penalty (0: none); see {@link
 *                     BackpropLearner#consolidate()}
 * @param seed         seed of the initial weights
 * @param optimiser    how a gradient becomes a step
 * @param traceUs      input trace time constant: 0 gives binary frames (1 for each input that spiked in the bin);
 *                     above 0 an input's value is Σ exp(-age/traceUs) over the bins it spiked in, so a frame also
 *                     sees recent bins
 */
public record BackpropConfig(int inputs, List<Integer> hiddenSizes, int classes, long binUs, float learningRate,
                             float ewcLambda, long seed, Optimiser optimiser, long traceUs) {

    /** How a gradient becomes a weight step. */
    public enum Optimiser {
        /** Plain stochastic gradient descent: w -= η·g. */
        SGD,
        /**
         * Adam (Kingma and Ba 2015; β1 0.9, β2 0.999, ε 1e-8), lazy as TensorFlow's LazyAdam: only weights with a
         * gradient in the frame (rows of active inputs and active hidden units) take a step and move their moments.
         */
        ADAM;

        /** The optimiser named {@code name} ("sgd" or "adam", any case). */
        public static Optimiser of(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "sgd" -> SGD;
                case "adam" -> ADAM;
                default -> throw new IllegalArgumentException("unknown optimiser '" + name + "'; use sgd or adam");
            };
        }
    }

    public BackpropConfig {
        hiddenSizes = List.copyOf(hiddenSizes);
        if (inputs < 1 || classes < 2 || hiddenSizes.isEmpty() || hiddenSizes.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("need inputs >= 1, classes >= 2 and at least one hidden layer");
        }
        if (binUs < 1 || !(learningRate > 0) || !(ewcLambda >= 0) || traceUs < 0 || optimiser == null) {
            throw new IllegalArgumentException("binUs and learningRate must be positive, ewcLambda and traceUs >= 0, "
                    + "and an optimiser given");
        }
    }

    /** Plain SGD on binary frames. */
    public BackpropConfig(int inputs, List<Integer> hiddenSizes, int classes, long binUs, float learningRate,
                          float ewcLambda, long seed) {
        this(inputs, hiddenSizes, classes, binUs, learningRate, ewcLambda, seed, Optimiser.SGD, 0);
    }

    /** A copy with another EWC strength. */
    public BackpropConfig withEwc(float lambda) {
        return new BackpropConfig(inputs, hiddenSizes, classes, binUs, learningRate, lambda, seed, optimiser, traceUs);
    }

    /** Units feeding weight layer {@code l}. */
    public int preSize(int l) {
        return l == 0 ? inputs : hiddenSizes.get(l - 1);
    }

    /** Units after weight layer {@code l}. */
    public int postSize(int l) {
        return l < hiddenSizes.size() ? hiddenSizes.get(l) : classes;
    }

    /** Short description for reports, e.g. {@code adam lr 0.001, 20 ms frames, trace 50 ms}. */
    public String describe() {
        return optimiser.name().toLowerCase(Locale.ROOT) + " lr " + learningRate + ", " + binUs / 1000 + " ms frames"
                + (traceUs > 0 ? ", trace " + traceUs / 1000 + " ms" : "");
    }
}
