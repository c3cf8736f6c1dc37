package io.nacastream.ingest.synth;

import io.nacastream.ingest.label.GestureClass;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Parametric motion of the bright body parts for one take of one gesture (events.md §5.3, step 2). The camera faces
 * the subject, so the subject's right arm appears on the left half of the image; image y grows downwards and
 * "clockwise" is clockwise as seen in the image.
 *
 * <p>A take is fixed by its class, its subject and a per-take random draw (phase, tempo jitter, and for
 * {@link GestureClass#OTHER} a random smooth trajectory), so that no two takes are identical.
 */
final class GestureMotion {

    private static final double TWO_PI = 2 * Math.PI;

    private final GestureClass gesture;
    private final Subject subject;
    private final double unit;        // pixels per nominal pixel (sensor width / 128)
    private final double cx;
    private final double cy;
    private final double tempo;       // subject speed with per-take jitter
    private final double amp;         // subject amplitude with per-take jitter
    private final double phase;       // radians
    private final double[] otherFreq = new double[3];
    private final double[] otherAmpX = new double[3];
    private final double[] otherAmpY = new double[3];
    private final double[] otherPhase = new double[3];

    GestureMotion(GestureClass gesture, Subject subject, int width, int height, SplittableRandom takeRandom) {
        this.gesture = gesture;
        this.subject = subject;
        this.unit = width / 128.0;
        this.cx = width / 2.0 + subject.offsetX() * unit;
        this.cy = height / 2.0 + subject.offsetY() * unit;
        this.tempo = subject.speed() * takeRandom.nextDouble(0.9, 1.1);
        this.amp = subject.amplitude() * takeRandom.nextDouble(0.9, 1.1);
        this.phase = takeRandom.nextDouble(0, TWO_PI);
        for (int k = 0; k < 3; k++) {
            otherFreq[k] = takeRandom.nextDouble(0.3, 2.0);
            otherAmpX[k] = takeRandom.nextDouble(3, 12);
            otherAmpY[k] = takeRandom.nextDouble(3, 12);
            otherPhase[k] = takeRandom.nextDouble(0, TWO_PI);
        }
    }

    /** The bright shapes at {@code seconds} after the take starts. */
    List<Capsule> shapesAt(double seconds) {
        double s = subject.scale() * unit;
        double t = seconds * tempo;
        List<Capsule> shapes = new ArrayList<>(3);
        switch (gesture) {
            case HAND_CLAP -> {
                double gap = s * (3 + 10 * amp * (1 + Math.cos(TWO_PI * 2.0 * t + phase)));
                shapes.add(Capsule.disc(cx - gap, cy + 8 * s, 6.5 * s));
                shapes.add(Capsule.disc(cx + gap, cy + 8 * s, 6.5 * s));
            }
            case RIGHT_HAND_WAVE -> wave(shapes, -1, s, t);
            case LEFT_HAND_WAVE -> wave(shapes, +1, s, t);
            case RIGHT_ARM_CLOCKWISE -> rotate(shapes, -1, +1, s, t);
            case RIGHT_ARM_COUNTER_CLOCKWISE -> rotate(shapes, -1, -1, s, t);
            case LEFT_ARM_CLOCKWISE -> rotate(shapes, +1, +1, s, t);
            case LEFT_ARM_COUNTER_CLOCKWISE -> rotate(shapes, +1, -1, s, t);
            case ARM_ROLL -> {
                double a = TWO_PI * 1.5 * t + phase;
                double r = 9 * s * amp;
                shapes.add(Capsule.disc(cx + r * Math.cos(a), cy + 10 * s + 0.6 * r * Math.sin(a), 6 * s));
                shapes.add(Capsule.disc(cx - r * Math.cos(a), cy + 10 * s - 0.6 * r * Math.sin(a), 6 * s));
            }
            case AIR_DRUMS -> {
                for (int side = -1; side <= 1; side += 2) {
                    double p = TWO_PI * 2.5 * t + phase + (side > 0 ? Math.PI : 0);
                    double strike = Math.pow(Math.abs(Math.sin(p / 2)), 6);  // fast jab down, slow return
                    double hx = cx + side * 18 * s;
                    double hy = cy + 2 * s + 16 * s * amp * strike;
                    shapes.add(new Capsule(cx + side * 24 * s, cy - 8 * s, hx, hy, 3.5 * s));
                    shapes.add(Capsule.disc(hx, hy, 5.5 * s));
                }
            }
            case AIR_GUITAR -> {
                double strum = Math.sin(TWO_PI * 3.0 * t + phase);
                shapes.add(Capsule.disc(cx + 8 * s, cy + 14 * s + 11 * s * amp * strum, 6 * s));
                double fret = Math.sin(TWO_PI * 0.5 * t + phase);
                shapes.add(new Capsule(cx - 14 * s, cy + 6 * s, cx - 30 * s, cy - 8 * s + 3 * s * fret, 3.5 * s));
            }
            case OTHER -> {
                double x = cx;
                double y = cy + 6 * s;
                for (int k = 0; k < 3; k++) {
                    double a = TWO_PI * otherFreq[k] * t + otherPhase[k];
                    x += otherAmpX[k] * s * amp * Math.sin(a);
                    y += otherAmpY[k] * s * amp * Math.cos(a * 1.3);
                }
                shapes.add(Capsule.disc(x, y, 6.5 * s));
            }
            default -> throw new IllegalStateException("no motion for " + gesture);
        }
        return shapes;
    }

    /** A forearm waving from the elbow on one side: side -1 = image left (subject's right). */
    private void wave(List<Capsule> shapes, int side, double s, double t) {
        double ex = cx + side * 26 * s;
        double ey = cy + 6 * s;
        double angle = -Math.PI / 2 + side * 0.15 + 0.55 * amp * Math.sin(TWO_PI * 2.2 * t + phase);
        double len = 24 * s;
        double hx = ex + len * Math.cos(angle);
        double hy = ey + len * Math.sin(angle);
        shapes.add(new Capsule(ex, ey, hx, hy, 3.5 * s));
        shapes.add(Capsule.disc(hx, hy, 5.5 * s));
    }

    /** A straight arm rotating about the shoulder; direction +1 = clockwise in the image. */
    private void rotate(List<Capsule> shapes, int side, int direction, double s, double t) {
        double sx = cx + side * 20 * s;
        double sy = cy - 12 * s;
        double angle = direction * TWO_PI * 0.9 * t + phase;
        double len = 30 * s * (0.85 + 0.15 * amp);
        double hx = sx + len * Math.cos(angle);
        double hy = sy + len * Math.sin(angle);
        shapes.add(new Capsule(sx, sy, hx, hy, 3.5 * s));
        shapes.add(Capsule.disc(hx, hy, 5.5 * s));
    }
}
