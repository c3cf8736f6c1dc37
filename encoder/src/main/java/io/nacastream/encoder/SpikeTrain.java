package io.nacastream.encoder;

import java.util.Arrays;
import java.util.Objects;

/**
 * Input spikes of one stream, in time order: spike {@code k} hits input {@code input(k)} at {@code timestampUs(k)}.
 * One per event packet, so no object is allocated per spike. Immutable, except the trains of
 * {@link SpikeEncoder#encodeReusing}, which view their encoder state's scratch arrays until its next call.
 */
public final class SpikeTrain {

    private final String streamId;
    private final int[] inputs;
    private final long[] timestampsUs;
    private final int size;
    private final int eventsIn;
    private final long endUs;

    SpikeTrain(String streamId, int[] inputs, long[] timestampsUs, int size, int eventsIn, long endUs) {
        this.streamId = streamId;
        this.inputs = inputs;
        this.timestampsUs = timestampsUs;
        this.size = size;
        this.eventsIn = eventsIn;
        this.endUs = endUs;
    }

    /** Builds a train from explicit arrays (copied); for tests and tools. It ends at its last spike. */
    public static SpikeTrain of(String streamId, int[] inputs, long[] timestampsUs) {
        long end = timestampsUs.length == 0 ? Long.MIN_VALUE : timestampsUs[timestampsUs.length - 1];
        return of(streamId, inputs, timestampsUs, end);
    }

    /**
     * As {@link #of(String, int[], long[])}, for a packet that ended at {@code endUs} (not before its last spike): the
     * stream is known to have advanced to endUs.
     */
    public static SpikeTrain of(String streamId, int[] inputs, long[] timestampsUs, long endUs) {
        if (timestampsUs.length > 0 && endUs < timestampsUs[timestampsUs.length - 1]) {
            throw new IllegalArgumentException("endUs " + endUs + " is before the last spike");
        }
        if (inputs.length != timestampsUs.length) {
            throw new IllegalArgumentException("inputs and timestamps differ in length");
        }
        for (int k = 1; k < timestampsUs.length; k++) {
            if (timestampsUs[k] < timestampsUs[k - 1]) {
                throw new IllegalArgumentException("timestamps must not decrease");
            }
        }
        return new SpikeTrain(streamId, inputs.clone(), timestampsUs.clone(), inputs.length, inputs.length, endUs);
    }

    /**
     * A train viewing the first {@code size} entries of these arrays without copying them: the caller must leave
     * them unchanged while the train is in use. For hot loops and benchmarks that reuse their buffers.
     */
    public static SpikeTrain wrap(String streamId, int[] inputs, long[] timestampsUs, int size) {
        if (size < 0 || size > inputs.length || size > timestampsUs.length) {
            throw new IllegalArgumentException("size " + size + " exceeds the arrays");
        }
        for (int k = 1; k < size; k++) {
            if (timestampsUs[k] < timestampsUs[k - 1]) {
                throw new IllegalArgumentException("timestamps must not decrease");
            }
        }
        return new SpikeTrain(streamId, inputs, timestampsUs, size, size,
                size == 0 ? Long.MIN_VALUE : timestampsUs[size - 1]);
    }

    /** Stream the spikes belong to. */
    public String streamId() {
        return streamId;
    }

    /** Number of spikes. */
    public int size() {
        return size;
    }

    /** Input index of spike {@code k}. */
    public int input(int k) {
        return inputs[Objects.checkIndex(k, size)];
    }

    /** Time of spike {@code k} in microseconds. */
    public long timestampUs(int k) {
        return timestampsUs[Objects.checkIndex(k, size)];
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

    /**
     * The same spikes on stream {@code otherStreamId}, sharing this train's arrays (so only for trains that are not
     * viewing reusable scratch): how benchmarks replay a recording as a further pass under another stream id.
     */
    public SpikeTrain onStream(String otherStreamId) {
        return new SpikeTrain(Objects.requireNonNull(otherStreamId), inputs, timestampsUs, size, eventsIn, endUs);
    }

    @Override
    public String toString() {
        return "SpikeTrain[" + streamId + ", spikes=" + size + "/" + eventsIn + " events, inputs="
                + Arrays.toString(Arrays.copyOf(inputs, Math.min(8, size))) + "...]";
    }
}
