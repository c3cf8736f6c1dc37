package io.nacastream.learner;

/**
 * Operation counts of a learner, cumulative since it started (NeuroBench vocabulary where it applies).
 *
 * @param events             input spikes processed
 * @param forwardSynOps      synaptic operations of the forward pass: one accumulate (AC) per weight read into a
 *                           membrane (H per input spike, C per hidden spike)
 * @param membraneUpdates    neuron state updates (a decay multiply plus an add: one MAC each)
 * @param learningSynOps     weight updates of the learning rules (one MAC each: w -= eta * m * ds)
 * @param hiddenSpikes       spikes emitted by the hidden layer
 * @param outputSpikes       spikes emitted by the output layer
 */
public record OpCounts(long events, long forwardSynOps, long membraneUpdates, long learningSynOps,
                       long hiddenSpikes, long outputSpikes) {

    /** Counts of {@code this} minus {@code earlier}. */
    public OpCounts minus(OpCounts earlier) {
        return new OpCounts(events - earlier.events, forwardSynOps - earlier.forwardSynOps,
                membraneUpdates - earlier.membraneUpdates, learningSynOps - earlier.learningSynOps,
                hiddenSpikes - earlier.hiddenSpikes, outputSpikes - earlier.outputSpikes);
    }
}
