package io.nacastream.ingest.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The DVS pixel array: per-pixel memorised log level, fixed-pattern ON/OFF thresholds, refractory period and noise,
 * following ESIM's crossing loop with linear interpolation of crossing times (events.md §5.1-5.2).
 *
 * <p>Events produced during one integration step are buffered and sorted by time, so the caller always sees a
 * time-ordered stream.
 */
final class PixelArray {

    private final SensorParameters params;
    private final int width;
    private final float[] previousLog;
    private final float[] referenceLog;
    private final float[] thresholdOn;
    private final float[] thresholdOff;
    private final long[] lastEventUs;
    private final int[] hotPixels;
    private final SplittableRandom noise;
    private long[] stepEvents = new long[4096];
    private int stepCount;

    /** Fixed pattern (thresholds, hot pixels) from {@code sensorSeed}; temporal noise from {@code noiseSeed}. */
    PixelArray(SensorParameters params, float[] backgroundLog, long sensorSeed, long noiseSeed) {
        this.params = params;
        this.width = params.width();
        int n = params.width() * params.height();
        if (backgroundLog.length != n) {
            throw new IllegalArgumentException("background size mismatch");
        }
        previousLog = backgroundLog.clone();
        referenceLog = backgroundLog.clone();
        thresholdOn = new float[n];
        thresholdOff = new float[n];
        lastEventUs = new long[n];
        Arrays.fill(lastEventUs, Long.MIN_VALUE / 2);
        SplittableRandom mismatch = new SplittableRandom(sensorSeed);
        for (int p = 0; p < n; p++) {
            thresholdOn[p] = (float) Math.max(0.01, params.thresholdMean() + params.thresholdSigma() * mismatch.nextGaussian());
            thresholdOff[p] = (float) Math.max(0.01, params.thresholdMean() + params.thresholdSigma() * mismatch.nextGaussian());
        }
        hotPixels = new int[params.hotPixels()];
        for (int i = 0; i < hotPixels.length; i++) {
            hotPixels[i] = mismatch.nextInt(n);
        }
        noise = new SplittableRandom(noiseSeed);
    }

    /**
     * Integrates the change from the previous log image to {@code currentLog} over [t0Us, t1Us) for the pixels of
     * the rectangle [x0, x1] x [y0, y1]; pixels outside it must be unchanged. Adds noise for the whole array.
     */
    void integrate(float[] currentLog, int x0, int y0, int x1, int y1, long t0Us, long t1Us) {
        stepCount = 0;
        double span = t1Us - t0Us;
        long refractory = params.refractoryUs();
        for (int y = y0; y <= y1; y++) {
            int row = y * width;
            for (int x = x0; x <= x1; x++) {
                int p = row + x;
                float before = previousLog[p];
                float after = currentLog[p];
                previousLog[p] = after;
                float delta = after - before;
                if (delta > -1e-6f && delta < 1e-6f) {
                    continue;
                }
                boolean on = delta > 0;
                float c = on ? thresholdOn[p] : -thresholdOff[p];
                float ref = referenceLog[p];
                while (true) {
                    float cross = ref + c;
                    if (on ? cross > after : cross < after) {
                        break;
                    }
                    long t = t0Us + (long) ((cross - before) / delta * span);
                    if (t - lastEventUs[p] >= refractory) {
                        add(x, y, on, t - t0Us);
                        lastEventUs[p] = t;
                    }
                    ref = cross;
                }
                referenceLog[p] = ref;
            }
        }
        addNoise(t0Us, t1Us);
        Arrays.sort(stepEvents, 0, stepCount);
    }

    /** Sets the rectangle's levels to {@code currentLog} without producing events (a scene cut, not motion). */
    void setSilently(float[] currentLog, int x0, int y0, int x1, int y1) {
        for (int y = y0; y <= y1; y++) {
            int row = y * width;
            for (int x = x0; x <= x1; x++) {
                previousLog[row + x] = currentLog[row + x];
                referenceLog[row + x] = currentLog[row + x];
            }
        }
    }

    /** Number of events produced by the last {@link #integrate} call. */
    int stepCount() {
        return stepCount;
    }

    /** Packed event {@code i} of the last step: time offset in the high 32 bits, then x, y and polarity. */
    long stepEvent(int i) {
        return stepEvents[i];
    }

    static long offsetUs(long packed) {
        return packed >>> 32;
    }

    static int x(long packed) {
        return (int) (packed >>> 17) & 0x7FFF;
    }

    static int y(long packed) {
        return (int) (packed >>> 1) & 0xFFFF;
    }

    static boolean on(long packed) {
        return (packed & 1) != 0;
    }

    private void addNoise(long t0Us, long t1Us) {
        double seconds = (t1Us - t0Us) * 1e-6;
        int n = previousLog.length;
        int shots = poisson(params.shotNoiseHz() * n * seconds);
        for (int i = 0; i < shots; i++) {
            noiseEvent(noise.nextInt(n), noise.nextBoolean(), t0Us, t1Us);
        }
        int leaks = poisson(params.leakHz() * n * seconds);
        for (int i = 0; i < leaks; i++) {
            noiseEvent(noise.nextInt(n), true, t0Us, t1Us);
        }
        for (int hot : hotPixels) {
            int k = poisson(params.hotPixelHz() * seconds);
            for (int i = 0; i < k; i++) {
                noiseEvent(hot, noise.nextBoolean(), t0Us, t1Us);
            }
        }
    }

    private void noiseEvent(int p, boolean on, long t0Us, long t1Us) {
        long t = t0Us + noise.nextLong(Math.max(1, t1Us - t0Us));
        if (t - lastEventUs[p] >= params.refractoryUs()) {
            add(p % width, p / width, on, t - t0Us);
            lastEventUs[p] = Math.max(lastEventUs[p], t);
        }
    }

    private void add(int x, int y, boolean on, long offsetUs) {
        if (stepCount == stepEvents.length) {
            stepEvents = Arrays.copyOf(stepEvents, stepCount * 2);
        }
        stepEvents[stepCount++] = (offsetUs << 32) | ((long) x << 17) | ((long) y << 1) | (on ? 1 : 0);
    }

    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * noise.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = noise.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= noise.nextDouble();
            k++;
        }
        return k;
    }
}
