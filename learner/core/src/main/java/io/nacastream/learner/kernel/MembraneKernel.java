package io.nacastream.learner.kernel;

/**
 * The per-spike membrane pass of an event-mode layer: leak and integrate one presynaptic column, and find the units
 * above threshold, in one pass over the layer. Implementations give bit-identical results (a multiply, then an add,
 * each rounded to float, as Java's scalar arithmetic), so a model learns the same whichever one runs.
 */
public interface MembraneKernel {

    /**
     * Sets v_k = v_k · decay + w_k for every unit k, then writes the indices k with v_k &gt; threshold (and, when
     * {@code mask} is not null, mask_k ≠ 0) into {@code spikes} in ascending order and returns their number. The
     * membranes are not reset. Allocates nothing.
     */
    int integrateAndDetect(float[] v, float decay, float[] w, float threshold, float[] mask, int[] spikes);

    /** The kernel's name as {@code learner.kernel} spells it and logs report it. */
    String name();
}
