package io.nacastream.encoder;

import io.nacastream.ingest.event.EventPacket;

import java.util.Arrays;

/**
 * Events to input spikes: background-activity denoise filter, spatial pooling with polarity channels, and a
 * per-input refractory period. The rules are pure functions of the event, the config and the explicit
 * {@link EncoderState}.
 */
public final class SpikeEncoder {

    private SpikeEncoder() {
    }

    /** Encodes one packet, updating {@code state}. Events of a packet from a differently sized sensor are rejected. */
    public static SpikeTrain encode(EventPacket packet, EncoderConfig config, EncoderState state) {
        int n = packet.size();
        int[] inputs = new int[n];
        long[] times = new long[n];
        int out = filter(packet, config, state, inputs, times);
        return new SpikeTrain(packet.sensorId(), out == n ? inputs : Arrays.copyOf(inputs, out),
                out == n ? times : Arrays.copyOf(times, out), out, n, end(packet));
    }

    /**
     * Like {@link #encode}, but the train views scratch arrays kept in {@code state}: it is valid until the next
     * call with the same state, and nothing but the small train object is allocated (the pipeline's hot path).
     */
    public static SpikeTrain encodeReusing(EventPacket packet, EncoderConfig config, EncoderState state) {
        int n = packet.size();
        if (state.scratchInputs.length < n) {
            int capacity = Math.max(n, 2 * state.scratchInputs.length);
            state.scratchInputs = new int[capacity];
            state.scratchTimes = new long[capacity];
        }
        int out = filter(packet, config, state, state.scratchInputs, state.scratchTimes);
        return new SpikeTrain(packet.sensorId(), state.scratchInputs, state.scratchTimes, out, n, end(packet));
    }

    private static long end(EventPacket packet) {
        return packet.size() == 0 ? Long.MIN_VALUE : packet.lastTimestampUs();
    }

    /** Writes the spikes of {@code packet} that pass both filters to {@code inputs}/{@code times}; returns how many. */
    private static int filter(EventPacket packet, EncoderConfig config, EncoderState state, int[] inputs,
                              long[] times) {
        if (packet.width() != config.sensorWidth() || packet.height() != config.sensorHeight()) {
            throw new IllegalArgumentException("packet from a " + packet.width() + "x" + packet.height()
                    + " sensor, encoder configured for " + config.sensorWidth() + "x" + config.sensorHeight());
        }
        int n = packet.size();
        int out = 0;
        for (int e = 0; e < n; e++) {
            int x = packet.x(e);
            int y = packet.y(e);
            long t = packet.timestampUs(e);
            if (!supported(x, y, t, config, state)) {
                continue;
            }
            int input = config.inputIndex(x, y, packet.on(e));
            if (!outOfRefractory(input, t, config, state)) {
                continue;
            }
            inputs[out] = input;
            times[out] = t;
            out++;
        }
        return out;
    }

    /**
     * Background-activity filter (jAER's "BackgroundActivityFilter" rule): an event passes if one of its 8 neighbours
     * fired within the window. Each event stamps its neighbours, so the check is one read.
     */
    static boolean supported(int x, int y, long t, EncoderConfig config, EncoderState state) {
        long window = config.denoiseWindowUs();
        if (window == 0) {
            return true;
        }
        int w = config.sensorWidth();
        int h = config.sensorHeight();
        boolean pass = t - state.supportUs[y * w + x] <= window;
        for (int dy = -1; dy <= 1; dy++) {
            int yy = y + dy;
            if (yy < 0 || yy >= h) {
                continue;
            }
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                if ((dx != 0 || dy != 0) && xx >= 0 && xx < w) {
                    state.supportUs[yy * w + xx] = t;
                }
            }
        }
        return pass;
    }

    /** Refractory rule: true (and records the spike) if the input has not spiked within the refractory period. */
    static boolean outOfRefractory(int input, long t, EncoderConfig config, EncoderState state) {
        if (config.refractoryUs() > 0 && t - state.lastSpikeUs[input] < config.refractoryUs()) {
            return false;
        }
        state.lastSpikeUs[input] = t;
        return true;
    }
}
