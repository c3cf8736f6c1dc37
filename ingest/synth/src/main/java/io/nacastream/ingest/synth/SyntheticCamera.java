package io.nacastream.ingest.synth;

import io.nacastream.ingest.event.EventSink;
import io.nacastream.ingest.label.GestureClass;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, seeded DVS camera looking at a person performing gestures (events.md §5.3).
 *
 * <p>The scene is a static low-contrast textured background with bright body parts moving in front of it. It is
 * sampled every {@code frameUs} microseconds; each sample goes through v2e's lin-log photoreceptor and the ESIM
 * pixel model of {@link PixelArray} (per-pixel threshold mismatch, interpolated crossing times, refractory period,
 * shot noise, leak events and hot pixels). The same seed and the same calls give exactly the same events.
 */
public final class SyntheticCamera {

    /** Default sampling period of the scene: 1 ms keeps |d log I| per sample well below the threshold. */
    public static final long DEFAULT_FRAME_US = 1_000;

    private final SensorParameters params;
    private final int width;
    private final int height;
    private final long frameUs;
    private final float[] backgroundIntensity;
    private final float[] backgroundLog;
    private final float[] currentLog;
    private final PixelArray pixels;
    private final SplittableRandom takes;

    /**
     * A camera with the given sensor, sampling period and seeds: {@code sensorSeed} fixes the background texture,
     * the pixels' threshold mismatch, hot pixels and noise; {@code takeSeed} fixes the per-take variation of the
     * motions. Each recording (stream) gets its own camera, since a camera's clock only moves forwards.
     */
    public SyntheticCamera(SensorParameters params, long sensorSeed, long takeSeed, long frameUs) {
        if (frameUs < 10) {
            throw new IllegalArgumentException("frameUs must be at least 10");
        }
        this.params = params;
        this.width = params.width();
        this.height = params.height();
        this.frameUs = frameUs;
        int n = width * height;
        backgroundIntensity = new float[n];
        backgroundLog = new float[n];
        SplittableRandom texture = new SplittableRandom(sensorSeed ^ 0xB4C3L);
        double fx = texture.nextDouble(0.05, 0.15);
        double fy = texture.nextDouble(0.05, 0.15);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 78 + 10 * Math.sin(fx * x) * Math.cos(fy * y) + 4 * texture.nextDouble(-1, 1);
                backgroundIntensity[y * width + x] = (float) v;
                backgroundLog[y * width + x] = linLog(v);
            }
        }
        currentLog = backgroundLog.clone();
        pixels = new PixelArray(params, backgroundLog, sensorSeed, sensorSeed ^ takeSeed * 0x632BE59BD9B4E019L);
        takes = new SplittableRandom(takeSeed ^ 0x7A4E5L);
    }

    /** A DVS128-like camera sampled every millisecond. */
    public SyntheticCamera(long sensorSeed, long takeSeed) {
        this(SensorParameters.dvs128(), sensorSeed, takeSeed, DEFAULT_FRAME_US);
    }

    /** Sensor parameters of this camera. */
    public SensorParameters sensor() {
        return params;
    }

    /**
     * Renders one take of {@code gesture} by {@code subject} over [startUs, startUs + durationUs) and returns the
     * number of events sent to {@code sink}.
     */
    public long perform(GestureClass gesture, Subject subject, long startUs, long durationUs, EventSink sink) {
        GestureMotion motion = new GestureMotion(gesture, subject, width, height, takes.split());
        List<Capsule> previous = motion.shapesAt(0);
        // The person is already in pose when the take starts: a cut, not a motion, so no events.
        int[] box = boundingBox(previous, previous);
        render(previous, subject.brightness(), box);
        pixels.setSilently(currentLog, box[0], box[1], box[2], box[3]);
        long events = 0;
        for (long t = startUs; t < startUs + durationUs; t += frameUs) {
            long t1 = Math.min(t + frameUs, startUs + durationUs);
            List<Capsule> now = motion.shapesAt((t1 - startUs) * 1e-6);
            box = boundingBox(previous, now);
            render(now, subject.brightness(), box);
            pixels.integrate(currentLog, box[0], box[1], box[2], box[3], t, t1);
            events += deliver(t, sink);
            restoreBackground(box);
            previous = now;
        }
        // The person leaves the pose silently as well; the next take starts from the background.
        box = boundingBox(previous, previous);
        restoreBackground(box);
        pixels.setSilently(currentLog, box[0], box[1], box[2], box[3]);
        return events;
    }

    /** Renders the static scene (noise events only) over [startUs, endUs) and returns the number of events. */
    public long idle(long startUs, long endUs, EventSink sink) {
        long events = 0;
        for (long t = startUs; t < endUs; t += frameUs) {
            long t1 = Math.min(t + frameUs, endUs);
            pixels.integrate(currentLog, 0, 0, -1, -1, t, t1);
            events += deliver(t, sink);
        }
        return events;
    }

    private int deliver(long t0, EventSink sink) {
        int n = pixels.stepCount();
        for (int i = 0; i < n; i++) {
            long e = pixels.stepEvent(i);
            sink.accept(PixelArray.x(e), PixelArray.y(e), PixelArray.on(e), t0 + PixelArray.offsetUs(e));
        }
        return n;
    }

    private void render(List<Capsule> shapes, double brightness, int[] box) {
        for (int y = box[1]; y <= box[3]; y++) {
            int row = y * width;
            for (int x = box[0]; x <= box[2]; x++) {
                double alpha = 0;
                for (Capsule c : shapes) {
                    alpha = Math.max(alpha, c.alpha(x, y));
                }
                int p = row + x;
                if (alpha > 0) {
                    double bg = backgroundIntensity[p];
                    currentLog[p] = linLog(bg + (brightness - bg) * alpha);
                } else {
                    currentLog[p] = backgroundLog[p];
                }
            }
        }
    }

    private void restoreBackground(int[] box) {
        for (int y = box[1]; y <= box[3]; y++) {
            System.arraycopy(backgroundLog, y * width + box[0], currentLog, y * width + box[0],
                    Math.max(0, box[2] - box[0] + 1));
        }
    }

    /** Pixel rectangle {x0, y0, x1, y1} covering both shape sets, clipped to the sensor (may be empty). */
    private int[] boundingBox(List<Capsule> a, List<Capsule> b) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (List<Capsule> list : List.of(a, b)) {
            for (Capsule c : list) {
                minX = Math.min(minX, c.minX());
                minY = Math.min(minY, c.minY());
                maxX = Math.max(maxX, c.maxX());
                maxY = Math.max(maxY, c.maxY());
            }
        }
        return new int[] {
            Math.max(0, (int) Math.floor(minX) - 1), Math.max(0, (int) Math.floor(minY) - 1),
            Math.min(width - 1, (int) Math.ceil(maxX) + 1), Math.min(height - 1, (int) Math.ceil(maxY) + 1)};
    }

    /** v2e's lin-log photoreceptor on an 8-bit intensity scale: linear below 20, logarithmic above. */
    static float linLog(double intensity) {
        return (float) (intensity <= 20 ? intensity * Math.log(20) / 20 : Math.log(intensity));
    }
}
