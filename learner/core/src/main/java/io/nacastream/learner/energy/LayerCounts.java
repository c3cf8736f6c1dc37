package io.nacastream.learner.energy;

/**
 * Operation counts of one weight layer (synapses from {@code pre} to {@code post} units), split into the forward
 * phase (inference: what scoring a segment costs) and the learning phase (what learning from it adds).
 *
 * @param layer    layer name, e.g. "input->hidden1" or "hidden1->output"
 * @param forward  operations of the forward phase
 * @param learning operations of the learning phase (for replayed segments, the replay's forward work too)
 * @param spikes   spikes emitted by the layer's postsynaptic units (0 for non-spiking baselines)
 */
public record LayerCounts(String layer, Ops forward, Ops learning, long spikes) {

    /** Both phases. */
    public Ops total() {
        return forward.plus(learning);
    }

    /** Counts of {@code this} minus {@code earlier} (same layer). */
    public LayerCounts minus(LayerCounts e) {
        return new LayerCounts(layer, forward.minus(e.forward), learning.minus(e.learning), spikes - e.spikes);
    }

    /** Counts of {@code this} plus {@code other} (a layer at the same position of another model). */
    public LayerCounts plus(LayerCounts o) {
        return new LayerCounts(layer, forward.plus(o.forward), learning.plus(o.learning), spikes + o.spikes);
    }
}
