package io.nacastream.encoder;

import io.nacastream.ingest.event.EventPacket;

import java.util.Arrays;

/**
 * Events to input spikes, for a sensor of any size: events outside the region of interest are ignored; a
 * background-activity denoise filter and an optional pixel refractory period act on sensor pixels; then each event's pixel is pooled
 * onto the input grid ({@link SensorMapping}), one channel per polarity, and an input that spiked within the input
 * refractory period stays silent (a bound on the learner's input rate). The rules are pure functions of the event,
 * the config and the explicit {@link EncoderState}.
 */
public final class SpikeEncoder {

    private SpikeEncoder() {
    }

    /**
     * Encodes one packet, updating {@code state}. A stream's first packet fixes its geometry; a packet from another
     * geometry throws {@link GeometryChangedException}, one whose sensor cannot be mapped (region of interest outside
     * it) an {@link IllegalArgumentException} naming why.
     */
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
        if (state.config() != config && !state.config().equals(config)) {
            throw new IllegalArgumentException("encoder state made for " + state.config() + ", used with " + config);
        }
        SensorMapping mapping = state.bind(packet.sensorId(), packet.width(), packet.height());
        int n = packet.size();
        int out = 0;
        for (int e = 0; e < n; e++) {
            int x = packet.x(e);
            int y = packet.y(e);
            boolean on = packet.on(e);
            int input = mapping.input(x, y, on);
            if (input == SensorMapping.OUTSIDE) {
                continue;
            }
            long t = packet.timestampUs(e);
            int rel = state.relative(t);
            int lx = x - mapping.regionX();
            int ly = y - mapping.regionY();
            if (!supported(lx, ly, rel, config, state, mapping) || !outOfRefractory(lx, ly, rel, config, state,
                    mapping) || !inputReady(input, rel, config, state)) {
                continue;
            }
            inputs[out] = input;
            times[out] = t;
            out++;
        }
        return out;
    }

    /**
     * Background-activity filter (jAER's "BackgroundActivityFilter" rule) on region pixels: an event passes if one
     * of its 8 neighbours fired within the window. Each event stamps its neighbours, so the check is one read.
     */
    static boolean supported(int x, int y, int rel, EncoderConfig config, EncoderState state, SensorMapping mapping) {
        long window = config.denoiseWindowUs();
        if (window == 0) {
            return true;
        }
        int w = mapping.regionWidth();
        int h = mapping.regionHeight();
        int[] support = state.supportUs;
        boolean pass = (long) rel - support[y * w + x] <= window;
        for (int dy = -1; dy <= 1; dy++) {
            int yy = y + dy;
            if (yy < 0 || yy >= h) {
                continue;
            }
            int row = yy * w;
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                if ((dx != 0 || dy != 0) && xx >= 0 && xx < w) {
                    support[row + xx] = rel;
                }
            }
        }
        return pass;
    }

    /** Input refractory rule: true (and records the spike) if the input has not spiked within its period. */
    static boolean inputReady(int input, int rel, EncoderConfig config, EncoderState state) {
        long period = config.inputRefractoryUs();
        if (period == 0) {
            return true;
        }
        if ((long) rel - state.lastSpikeUs[input] < period) {
            return false;
        }
        state.lastSpikeUs[input] = rel;
        return true;
    }

    /**
     * Refractory rule on region pixels: true (and records the event) if the pixel has passed no event within the
     * refractory period.
     */
    static boolean outOfRefractory(int x, int y, int rel, EncoderConfig config, EncoderState state,
                                   SensorMapping mapping) {
        long period = config.pixelRefractoryUs();
        if (period == 0) {
            return true;
        }
        int pixel = y * mapping.regionWidth() + x;
        if ((long) rel - state.lastEventUs[pixel] < period) {
            return false;
        }
        state.lastEventUs[pixel] = rel;
        return true;
    }
}
