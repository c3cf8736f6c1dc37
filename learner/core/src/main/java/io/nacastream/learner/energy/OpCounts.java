package io.nacastream.learner.energy;

import java.util.List;

/**
 * Cumulative operation counts of a learner: per layer and phase ({@link LayerCounts}), plus the input events
 * processed and the CPU time the learner's thread spent processing them.
 *
 * @param events   input spikes processed
 * @param cpuNanos CPU time of the processing thread inside the learner (0 when counting is disabled)
 * @param layers   one entry per weight layer, input side first
 */
public record OpCounts(long events, long cpuNanos, List<LayerCounts> layers) {

    public OpCounts {
        layers = List.copyOf(layers);
    }

    /** Forward operations over every layer (scoring: what inference costs). */
    public Ops forward() {
        return layers.stream().map(LayerCounts::forward).reduce(Ops.NONE, Ops::plus);
    }

    /** Learning operations over every layer (what learning adds on top of inference). */
    public Ops learning() {
        return layers.stream().map(LayerCounts::learning).reduce(Ops.NONE, Ops::plus);
    }

    /** Every operation, both phases. */
    public Ops total() {
        return forward().plus(learning());
    }

    /** Measured CPU nanoseconds per input event (NaN before the first event or when not measured). */
    public double cpuNanosPerEvent() {
        return events == 0 || cpuNanos == 0 ? Double.NaN : (double) cpuNanos / events;
    }

    /** Counts of {@code this} minus {@code earlier} (same learner). */
    public OpCounts minus(OpCounts earlier) {
        LayerCounts[] d = new LayerCounts[layers.size()];
        for (int l = 0; l < d.length; l++) {
            d[l] = layers.get(l).minus(earlier.layers.get(l));
        }
        return new OpCounts(events - earlier.events, cpuNanos - earlier.cpuNanos, List.of(d));
    }

    /**
     * Counts of {@code this} plus {@code other}, layer by layer: totals over several models of the same shape. An
     * empty {@code this} (no layers) takes {@code other}'s layers.
     */
    public OpCounts plus(OpCounts other) {
        if (layers.isEmpty()) {
            return new OpCounts(events + other.events, cpuNanos + other.cpuNanos, other.layers);
        }
        if (other.layers.size() != layers.size()) {
            throw new IllegalArgumentException("cannot add counts of " + other.layers.size() + " layers to "
                    + layers.size());
        }
        LayerCounts[] d = new LayerCounts[layers.size()];
        for (int l = 0; l < d.length; l++) {
            d[l] = layers.get(l).plus(other.layers.get(l));
        }
        return new OpCounts(events + other.events, cpuNanos + other.cpuNanos, List.of(d));
    }

    /** No counts and no layers: the start of a sum. */
    public static final OpCounts NONE = new OpCounts(0, 0, List.of());
}
