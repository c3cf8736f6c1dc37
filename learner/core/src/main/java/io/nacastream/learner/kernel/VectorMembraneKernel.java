package io.nacastream.learner.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MembraneKernel} on the JDK's Vector API (incubator module {@code jdk.incubator.vector}, JDK 17): one pass
 * integrates the membranes and keeps the lane-wise maximum of their bit patterns as ints, without a branch, so the
 * column streams in from memory as in a plain column add; the maximum is tested once per group of vectors. For a
 * positive threshold, a float's bits as an int exceed the threshold's exactly when the float does (negative floats
 * are negative ints; a NaN only sends the search on, where it does not spike). Only a group whose maximum is above
 * is searched again, with a plain compare loop over its membranes, now in L1 (a vector-by-vector search with
 * {@code anyTrue} measured no faster on JDK 17). (A threshold that is not positive goes
 * to the scalar kernel.) Load it only through {@link MembraneKernels}, which checks that the module
 * is present.
 */
final class VectorMembraneKernel implements MembraneKernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** Vectors per group whose maximum is tested once (at least; more when a layer would have over 64 groups). */
    private static final int GROUP_VECTORS = 4;

    @Override
    public int integrateAndDetect(float[] v, float decay, float[] w, float threshold, float[] mask, int[] spikes) {
        if (!(threshold > 0f)) {   // the bit-pattern maximum below holds for a positive threshold only
            return ScalarMembraneKernel.INSTANCE.integrateAndDetect(v, decay, w, threshold, mask, spikes);
        }
        int n = v.length;
        int lanes = SPECIES.length();
        int bound = SPECIES.loopBound(n);
        int groupLen = lanes * Math.max(GROUP_VECTORS, (bound / lanes + 63) / 64);   // at most 64 groups
        int thresholdBits = Float.floatToRawIntBits(threshold);
        long flagged = 0;
        for (int k = 0, g = 0; k < bound; g++) {
            int end = Math.min(bound, k + groupLen);
            IntVector top = IntVector.broadcast(INTS, Integer.MIN_VALUE);
            for (; k < end; k += lanes) {
                FloatVector x = FloatVector.fromArray(SPECIES, v, k).mul(decay)
                        .add(FloatVector.fromArray(SPECIES, w, k));
                x.intoArray(v, k);
                top = top.max(x.reinterpretAsInts());
            }
            if (top.reduceLanes(VectorOperators.MAX) > thresholdBits) {
                flagged |= 1L << g;
            }
        }
        for (int j = bound; j < n; j++) {
            v[j] = v[j] * decay + w[j];
        }
        int m = 0;
        while (flagged != 0) {
            int g = Long.numberOfTrailingZeros(flagged);
            flagged &= flagged - 1;
            m = scan(v, threshold, mask, spikes, m, g * groupLen, Math.min(bound, (g + 1) * groupLen));
        }
        return scan(v, threshold, mask, spikes, m, bound, n);
    }

    private static int scan(float[] v, float threshold, float[] mask, int[] spikes, int m, int from, int to) {
        for (int j = from; j < to; j++) {
            if (v[j] > threshold && (mask == null || mask[j] != 0f)) {
                spikes[m++] = j;
            }
        }
        return m;
    }

    @Override
    public String name() {
        return "vector";
    }
}
