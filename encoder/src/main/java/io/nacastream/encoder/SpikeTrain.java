package io.nacastream.encoder;

import java.util.Arrays;

/**
 * Input spikes of one stream, in time order: spike {@code k} hits input {@code input(k)} at {@code timestampUs(k)}.
 * Immutable; one per event packet, so no object is allocated per spike.
 */
public final class SpikeTrain {

    private final String streamId;
    private final int[] inputs;
    private final long[] timestampsUs;
    private final int eventsIn;
    private final long endUs;

    SpikeTrain(String streamId, int[] inputs, long[] timestampsUs, int eventsIn, long endUs) {
        this.streamId = streamId;
        this.inputs = inputs;
        this.timestampsUs = timestampsUs;
        this.eventsIn = eventsIn;
        this.endUs = endUs;
    }

    /** Builds a train from explicit arrays (copied); for tests and tools. */
    public static SpikeTrain of(String streamId, int[] inputs, long[] timestampsUs) {
        if (inputs.length != timestampsUs.length) {
            throw new IllegalArgumentException("inputs and timestamps differ in length");
        }
        for (int k = 1; k < timestampsUs.length; k++) {
            if (timestampsUs[k] < timestampsUs[k - 1]) {
                throw new IllegalArgumentException("timestamps must not decrease");
            }
        }
        long end = timestampsUs.length == 0 ? Long.MIN_VALUE : timestampsUs[timestampsUs.length - 1];
        return new SpikeTrain(streamId, inputs.clone(), timestampsUs.clone(), inputs.length, end);
    }

    /** Stream the spikes belong to. */
    public String streamId() {
        return streamId;
    }

    /** Number of spikes. */
    public int size() {
        return inputs.length;
    }

    /** Input index of spike {@code k}. */
    public int input(int k) {
        return inputs[k];
    }

    /** Time of spike {@code k} in microseconds. */
    public long timestampUs(int k) {
        return timestampsUs[k];
    }

    /** Number of DVS events the spikes were encoded from (before filtering). */
    public int eventsIn() {
        return eventsIn;
    }

    /**
     * Stream time up to which this train is complete: the last event of the packet it came from, even if the filters
     * dropped that event ({@link Long#MIN_VALUE} for an empty train).
     */
    public long endUs() {
        return endUs;
    }

    @Override
    public String toString() {
        return "SpikeTrain[" + streamId + ", spikes=" + inputs.length + "/" + eventsIn + " events, inputs="
                + Arrays.toString(Arrays.copyOf(inputs, Math.min(8, inputs.length))) + "...]";
    }
}
