package io.nacastream.learner.bp;

import java.util.List;

/**
 * Parameters of the backprop baseline: an MLP with the same sizes as the NACA network, trained online by SGD on
 * time-binned spike frames of the same encoder.
 *
 * @param inputs       input channels (same encoder as NACA)
 * @param hiddenSizes  ReLU hidden layers, input side first
 * @param classes      softmax outputs
 * @param binUs        frame length: the spikes of a stream in one bin form one binary input frame
 * @param learningRate SGD step on the cross-entropy loss, one step per frame under a learnable label
 * @param ewcLambda    strength of the elastic weight consolidation penalty (0: plain SGD); see {@link
 *                     BackpropLearner#consolidate()}
 * @param seed         seed of the initial weights
 */
public record BackpropConfig(int inputs, List<Integer> hiddenSizes, int classes, long binUs, float learningRate,
                             float ewcLambda, long seed) {

    public BackpropConfig {
        hiddenSizes = List.copyOf(hiddenSizes);
        if (inputs < 1 || classes < 2 || hiddenSizes.isEmpty() || hiddenSizes.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("need inputs >= 1, classes >= 2 and at least one hidden layer");
        }
        if (binUs < 1 || !(learningRate > 0) || ewcLambda < 0) {
            throw new IllegalArgumentException("binUs and learningRate must be positive, ewcLambda >= 0");
        }
    }

    /** A copy with another EWC strength. */
    public BackpropConfig withEwc(float lambda) {
        return new BackpropConfig(inputs, hiddenSizes, classes, binUs, learningRate, lambda, seed);
    }

    /** Units feeding weight layer {@code l}. */
    public int preSize(int l) {
        return l == 0 ? inputs : hiddenSizes.get(l - 1);
    }

    /** Units after weight layer {@code l}. */
    public int postSize(int l) {
        return l < hiddenSizes.size() ? hiddenSizes.get(l) : classes;
    }
}
