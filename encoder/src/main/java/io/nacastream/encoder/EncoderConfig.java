package io.nacastream.encoder;

/**
 * How DVS events become input spikes, for any sensor.
 *
 * @param grid            the model's input grid and optional region of interest; sensors are mapped onto it
 * @param denoiseWindowUs background-activity filter: an event passes only if one of its 8 neighbouring sensor pixels
 *                        fired within this window (0 disables the filter)
 * @param pixelRefractoryUs a sensor pixel passes at most one event per this period (0 disables)
 * @param inputRefractoryUs an input (grid cell and polarity) spikes at most once per this period, so the learner's
 *                        input rate stays bounded whatever the sensor's size and event rate (0 disables)
 */
public record EncoderConfig(InputGrid grid, long denoiseWindowUs, long pixelRefractoryUs, long inputRefractoryUs) {

    /** Longest filter window: the encoder keeps per-pixel times relative to a base that moves every ~18 minutes. */
    public static final long MAX_WINDOW_US = 60_000_000;

    /** Checks the windows. */
    public EncoderConfig {
        if (grid == null) {
            throw new IllegalArgumentException("grid must be set");
        }
        for (long w : new long[] {denoiseWindowUs, pixelRefractoryUs, inputRefractoryUs}) {
            if (w < 0 || w > MAX_WINDOW_US) {
                throw new IllegalArgumentException("filter windows must be in 0.." + MAX_WINDOW_US + " µs, got "
                        + "denoise " + denoiseWindowUs + ", pixel refractory " + pixelRefractoryUs + " and input "
                        + "refractory " + inputRefractoryUs);
            }
        }
    }

    /**
     * The defaults: a 32x32 grid per polarity (2048 inputs), 10 ms denoise window, no pixel refractory period, 1 ms
     * input refractory period.
     */
    public static EncoderConfig defaults() {
        return new EncoderConfig(InputGrid.DEFAULT, 10_000, 0, 1_000);
    }

    /** Number of inputs: 2 polarity channels times the grid. */
    public int inputCount() {
        return grid.inputCount();
    }
}
