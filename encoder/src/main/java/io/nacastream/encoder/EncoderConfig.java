package io.nacastream.encoder;

/**
 * How DVS events become input spikes.
 *
 * @param sensorWidth     sensor width in pixels
 * @param sensorHeight    sensor height in pixels
 * @param pool            side of the square pixel block pooled into one input (4: 128x128 -> 32x32)
 * @param denoiseWindowUs background-activity filter: an event passes only if a neighbouring pixel fired within
 *                        this window (0 disables the filter)
 * @param refractoryUs    an input emits at most one spike per this period (0 disables)
 */
public record EncoderConfig(int sensorWidth, int sensorHeight, int pool, long denoiseWindowUs, long refractoryUs) {

    public EncoderConfig {
        if (sensorWidth < 1 || sensorHeight < 1) {
            throw new IllegalArgumentException("sensor size must be positive");
        }
        if (pool < 1 || pool > Math.min(sensorWidth, sensorHeight)) {
            throw new IllegalArgumentException("pool must be in 1.." + Math.min(sensorWidth, sensorHeight));
        }
        if (denoiseWindowUs < 0 || refractoryUs < 0) {
            throw new IllegalArgumentException("windows must be >= 0");
        }
    }

    /** DVS128 defaults: pool 4 (32x32x2 = 2048 inputs), 10 ms denoise window, 1 ms refractory period. */
    public static EncoderConfig dvs128() {
        return new EncoderConfig(128, 128, 4, 10_000, 1_000);
    }

    /** Pooled grid width. */
    public int gridWidth() {
        return (sensorWidth + pool - 1) / pool;
    }

    /** Pooled grid height. */
    public int gridHeight() {
        return (sensorHeight + pool - 1) / pool;
    }

    /** Number of inputs: 2 polarity channels times the pooled grid. */
    public int inputCount() {
        return 2 * gridWidth() * gridHeight();
    }

    /**
     * Input index of an event: {@code polarity * gridW * gridH + (y / pool) * gridW + (x / pool)}, with OFF = channel 0
     * and ON = channel 1 (naca.md §4.1).
     */
    public int inputIndex(int x, int y, boolean on) {
        int gw = gridWidth();
        return (on ? gw * gridHeight() : 0) + (y / pool) * gw + (x / pool);
    }
}
