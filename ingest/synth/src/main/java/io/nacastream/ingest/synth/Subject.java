package io.nacastream.ingest.synth;

import java.util.SplittableRandom;

/**
 * How one simulated person performs gestures: tempo, body size, position in the frame, motion amplitude and skin
 * brightness. Drawn deterministically from a seed and the subject number.
 *
 * @param id          subject number (1-based, like DVS128 Gesture's userNN)
 * @param speed       tempo multiplier (1 = nominal)
 * @param scale       body size multiplier around the frame centre
 * @param offsetX     horizontal shift of the body, pixels
 * @param offsetY     vertical shift of the body, pixels
 * @param amplitude   motion amplitude multiplier
 * @param brightness  intensity of skin on an 8-bit scale (background is about 60-95)
 */
public record Subject(int id, double speed, double scale, double offsetX, double offsetY, double amplitude,
                      double brightness) {

    /** The subject {@code id} of the population generated from {@code seed}. */
    public static Subject generate(long seed, int id) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id * 0xBF58476D1CE4E5B9L);
        return new Subject(id,
                r.nextDouble(0.75, 1.3),
                r.nextDouble(0.85, 1.15),
                r.nextDouble(-6, 6),
                r.nextDouble(-5, 5),
                r.nextDouble(0.8, 1.2),
                r.nextDouble(150, 220));
    }
}
