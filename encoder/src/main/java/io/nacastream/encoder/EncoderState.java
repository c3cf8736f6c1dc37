package io.nacastream.encoder;

import java.util.Arrays;

/**
 * The memory the encoder keeps for one sensor stream: per-pixel support times of the denoise filter and the last
 * spike time of every input, and the scratch arrays {@link SpikeEncoder#encodeReusing} fills. Mutable, owned by one
 * stream; the encoding rules themselves are pure.
 */
public final class EncoderState {

    private static final long NEVER = Long.MIN_VALUE / 4;

    final long[] supportUs;
    final long[] lastSpikeUs;
    int[] scratchInputs = new int[0];
    long[] scratchTimes = new long[0];

    /** Fresh state for a stream encoded with {@code config}. */
    public EncoderState(EncoderConfig config) {
        supportUs = new long[config.sensorWidth() * config.sensorHeight()];
        lastSpikeUs = new long[config.inputCount()];
        reset();
    }

    /** Forgets the stream's history, as for a fresh stream, without allocating. */
    public void reset() {
        Arrays.fill(supportUs, NEVER);
        Arrays.fill(lastSpikeUs, NEVER);
    }
}
