package io.nacastream.learner.backei;

import java.util.List;
import java.util.Locale;

/**
 * Parameters of the BackEISNN baseline (Zhao, Zeng and Li, Neural Networks 2022; BrainCog's {@code BackEINode}):
 * BackEI hidden layers of the NACA network's sizes, a leaky integrating output layer read out by softmax, trained by
 * truncated BPTT with Adam.
 *
 * @param inputs          input channels (same encoder as NACA)
 * @param hiddenSizes     BackEI hidden layers, input side first
 * @param classes         output units, one per class
 * @param binUs           frame length: one frame is one time step of the network
 * @param learningRate    Adam step size (BrainCog's {@code main_backei.py}: 1e-3)
 * @param truncationSteps frames per BPTT window: a segment is learned window by window, one Adam step each, the
 *                        neuron state carried (detached) from one window to the next; BrainCog trains on T = 20 steps
 * @param seed            seed of the initial weights
 */
public record BackEiConfig(int inputs, List<Integer> hiddenSizes, int classes, long binUs, float learningRate,
                           int truncationSteps, long seed) {

    /** Membrane decay per step ({@code BackEINode}: {@code decay = 0.2}). */
    public static final float DECAY = 0.2f;
    /** Firing threshold ({@code BackEINode}: {@code threshold = 0.5}, since commit {@code d971f5a}). */
    public static final float THRESHOLD = 0.5f;
    /** Half-width of the box surrogate of the spike and of the E/I sign ({@code surrogate.py}: 1[|x| &lt; 0.5]). */
    public static final float SURROGATE_HALF_WIDTH = 0.5f;
    /** Adam's β1, β2 and ε: PyTorch's defaults, which {@code main_backei.py}'s {@code Adam(lr=1e-3)} uses. */
    public static final float BETA1 = 0.9f;
    /** See {@link #BETA1}. */
    public static final float BETA2 = 0.999f;
    /** See {@link #BETA1}. */
    public static final float EPSILON = 1e-8f;

    public BackEiConfig {
        hiddenSizes = List.copyOf(hiddenSizes);
        if (inputs < 1 || classes < 2 || hiddenSizes.isEmpty() || hiddenSizes.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("need inputs >= 1, classes >= 2 and at least one hidden layer");
        }
        if (binUs < 1 || !(learningRate > 0) || Float.isInfinite(learningRate) || truncationSteps < 1) {
            throw new IllegalArgumentException("binUs, learningRate and truncationSteps must be positive");
        }
    }

    /** Weight layers: one per hidden layer, then the output. */
    public int layers() {
        return hiddenSizes.size() + 1;
    }

    /** Units feeding weight layer {@code l}. */
    public int preSize(int l) {
        return l == 0 ? inputs : hiddenSizes.get(l - 1);
    }

    /** Units after weight layer {@code l}. */
    public int postSize(int l) {
        return l < hiddenSizes.size() ? hiddenSizes.get(l) : classes;
    }

    /** Short description for reports, e.g. {@code adam lr 0.001, 10 ms frames, BPTT 20 steps}. */
    public String describe() {
        return String.format(Locale.ROOT, "adam lr %s, %d ms frames, BPTT %d steps", learningRate, binUs / 1000,
                truncationSteps);
    }
}
