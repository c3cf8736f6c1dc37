package io.nacastream.learner.health;

import java.util.List;

/**
 * Numerical health of a model: per weight layer the count of non-finite weights and the size of the finite ones,
 * plus non-finite state (membrane potentials, settled activities) over every stream. One pass over the weights
 * (2 MB for 2048 x 256 float), so it is taken at checkpoint time, never per event.
 *
 * @param layers         statistics of each weight layer, input side first
 * @param nonFiniteState state values that are NaN or infinite, summed over streams
 */
public record NetworkHealth(List<Layer> layers, long nonFiniteState) {

    /** Copies the layer list. */
    public NetworkHealth {
        layers = List.copyOf(layers);
    }

    /**
     * One weight layer.
     *
     * @param weights   number of weights
     * @param nonFinite weights that are NaN or infinite
     * @param maxAbs    largest |w| among finite weights
     * @param rms       root mean square of the finite weights
     * @param initBound how large a weight started out at most (1/sqrt(fan-in) for NACA's uniform initialisation)
     */
    public record Layer(long weights, long nonFinite, float maxAbs, double rms, double initBound) {

        /** Measures the weights {@code rows} (any orientation) of a layer initialised within {@code initBound}. */
        public static Layer of(float[][] rows, double initBound) {
            long n = 0;
            long bad = 0;
            float max = 0;
            double sumSq = 0;
            for (float[] row : rows) {
                for (float w : row) {
                    n++;
                    if (Float.isFinite(w)) {
                        max = Math.max(max, Math.abs(w));
                        sumSq += (double) w * w;
                    } else {
                        bad++;
                    }
                }
            }
            return new Layer(n, bad, max, n == bad ? 0 : Math.sqrt(sumSq / (n - bad)), initBound);
        }
    }

    /** Counts the values of {@code values} that are NaN or infinite. */
    public static long nonFinite(float[] values) {
        long bad = 0;
        for (float v : values) {
            bad += Float.isFinite(v) ? 0 : 1;
        }
        return bad;
    }

    /** True if every weight and state value is finite. */
    public boolean finite() {
        return nonFiniteState == 0 && layers.stream().allMatch(l -> l.nonFinite == 0);
    }

    /** Largest |w| over all layers, relative to that layer's initialisation bound: 1 means "as large as at start". */
    public double maxGrowth() {
        return layers.stream().mapToDouble(l -> l.maxAbs / l.initBound).max().orElse(0);
    }
}
