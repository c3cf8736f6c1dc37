package io.nacastream.learner.naca;

import java.util.ArrayList;
import java.util.List;

/**
 * Numerical health of a NACA model: per weight layer the count of non-finite weights and the size of the finite
 * ones, plus non-finite membrane potentials over every stream. One pass over the weights (2 MB for 2048 x 256 float),
 * so it is taken at checkpoint time, never per event.
 *
 * @param layers        statistics of each weight layer, input side first
 * @param nonFiniteState membrane potentials that are NaN or infinite, summed over streams
 */
public record NetworkHealth(List<Layer> layers, long nonFiniteState) {

    /**
     * One weight layer.
     *
     * @param weights   number of weights
     * @param nonFinite weights that are NaN or infinite
     * @param maxAbs    largest |w| among finite weights
     * @param rms       root mean square of the finite weights
     * @param initBound the initialisation bound 1/sqrt(fan-in): how large a weight started out at most
     */
    public record Layer(long weights, long nonFinite, float maxAbs, double rms, double initBound) {
    }

    /** Measures {@code learner}'s network and stream states. */
    public static NetworkHealth of(NacaLearner learner) {
        return of(learner.network(), learner.nonFinitePotentials());
    }

    /** Measures the weights of {@code net}; {@code nonFiniteState} is carried as is. */
    public static NetworkHealth of(NacaNetwork net, long nonFiniteState) {
        List<Layer> layers = new ArrayList<>(net.w.length);
        for (float[][] layer : net.w) {
            long n = 0;
            long bad = 0;
            float max = 0;
            double sumSq = 0;
            for (float[] column : layer) {
                for (float w : column) {
                    n++;
                    if (Float.isFinite(w)) {
                        max = Math.max(max, Math.abs(w));
                        sumSq += (double) w * w;
                    } else {
                        bad++;
                    }
                }
            }
            layers.add(new Layer(n, bad, max, n == bad ? 0 : Math.sqrt(sumSq / (n - bad)), 1 / Math.sqrt(layer.length)));
        }
        return new NetworkHealth(List.copyOf(layers), nonFiniteState);
    }

    /** True if every weight and potential is finite. */
    public boolean finite() {
        return nonFiniteState == 0 && layers.stream().allMatch(l -> l.nonFinite == 0);
    }

    /** Largest |w| over all layers, relative to that layer's initialisation bound: 1 means "as large as at start". */
    public double maxGrowth() {
        return layers.stream().mapToDouble(l -> l.maxAbs / l.initBound).max().orElse(0);
    }
}
