package io.nacastream.ingest.synth;

/**
 * Physical parameters of the simulated DVS pixel array (ESIM / v2e model, see events.md §5).
 *
 * @param width            pixels per row
 * @param height           pixel rows
 * @param thresholdMean    mean log-intensity contrast threshold C, ON and OFF (v2e default 0.2)
 * @param thresholdSigma   per-pixel fixed-pattern mismatch of C (v2e default 0.03), clamped to at least 0.01
 * @param refractoryUs     dead time of a pixel after an event (v2e CLI default 500 us)
 * @param shotNoiseHz      rate of random ON/OFF noise events per pixel
 * @param leakHz           rate of spontaneous ON (leak) events per pixel
 * @param hotPixels        number of pixels that fire at {@code hotPixelHz} regardless of the scene
 * @param hotPixelHz       event rate of a hot pixel
 */
public record SensorParameters(int width, int height, double thresholdMean, double thresholdSigma,
                               long refractoryUs, double shotNoiseHz, double leakHz, int hotPixels,
                               double hotPixelHz) {

    public SensorParameters {
        if (width < 8 || height < 8) {
            throw new IllegalArgumentException("sensor must be at least 8x8, got " + width + "x" + height);
        }
        if (thresholdMean <= 0.01 || thresholdSigma < 0 || refractoryUs < 0 || shotNoiseHz < 0 || leakHz < 0
                || hotPixels < 0 || hotPixelHz < 0) {
            throw new IllegalArgumentException("invalid sensor parameters");
        }
    }

    /** A 128x128 DVS128-like sensor with mild background activity (about 0.02 Hz per pixel) and 3 hot pixels. */
    public static SensorParameters dvs128() {
        return new SensorParameters(128, 128, 0.2, 0.03, 500, 0.01, 0.01, 3, 100.0);
    }
}
