package io.nacastream.learner.energy;

/**
 * Operation counts of one weight layer (synapses from {@code pre} to {@code post} units), split into the forward
 * phase (inference) and the learning phase, in NeuroBench's vocabulary: an accumulate (AC) adds a weight or a
 * precomputed value without multiplying (what a binary spike triggers); a multiply-accumulate (MAC) multiplies too.
 * Synaptic operations are ACs plus MACs.
 *
 * @param layer               layer name, e.g. "input->hidden1" or "hidden1->output"
 * @param forwardAcs          forward accumulates (spike-driven weight adds)
 * @param forwardMacs         forward multiply-accumulates (membrane leak, dense matrix products)
 * @param forwardWeightReads  weights read from memory in the forward phase
 * @param learningAcs         accumulates of the learning rule
 * @param learningMacs        multiply-accumulates of the learning rule (and, for backprop, of the backward pass)
 * @param learningWeightReads weights read from memory by the learning rule
 * @param weightUpdates       weights written with a changed value
 * @param spikes              spikes emitted by the layer's postsynaptic units (0 for non-spiking baselines)
 */
public record LayerCounts(String layer, long forwardAcs, long forwardMacs, long forwardWeightReads,
                          long learningAcs, long learningMacs, long learningWeightReads, long weightUpdates,
                          long spikes) {

    /** Forward synaptic operations (ACs + MACs). */
    public long forwardSynOps() {
        return forwardAcs + forwardMacs;
    }

    /** Learning synaptic operations (ACs + MACs). */
    public long learningSynOps() {
        return learningAcs + learningMacs;
    }

    /** Counts of {@code this} minus {@code earlier} (same layer). */
    public LayerCounts minus(LayerCounts e) {
        return new LayerCounts(layer, forwardAcs - e.forwardAcs, forwardMacs - e.forwardMacs,
                forwardWeightReads - e.forwardWeightReads, learningAcs - e.learningAcs, learningMacs - e.learningMacs,
                learningWeightReads - e.learningWeightReads, weightUpdates - e.weightUpdates, spikes - e.spikes);
    }

    /** Counts of {@code this} plus {@code other} (a layer at the same position of another model). */
    public LayerCounts plus(LayerCounts o) {
        return new LayerCounts(layer, forwardAcs + o.forwardAcs, forwardMacs + o.forwardMacs,
                forwardWeightReads + o.forwardWeightReads, learningAcs + o.learningAcs, learningMacs + o.learningMacs,
                learningWeightReads + o.learningWeightReads, weightUpdates + o.weightUpdates, spikes + o.spikes);
    }
}
