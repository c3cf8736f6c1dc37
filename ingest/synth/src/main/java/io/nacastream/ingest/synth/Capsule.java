package io.nacastream.ingest.synth;

/**
 * A soft-edged bright body part in the image plane: the set of points within {@code radius} of the segment
 * (ax, ay)-(bx, by). A disc ("hand") is a capsule whose two ends coincide.
 */
record Capsule(double ax, double ay, double bx, double by, double radius) {

    /** Width of the blurred edge, in pixels. */
    static final double SOFTNESS = 1.5;

    static Capsule disc(double x, double y, double radius) {
        return new Capsule(x, y, x, y, radius);
    }

    /** Coverage in [0, 1] of pixel centre (x, y): 1 inside, 0 beyond the soft edge. */
    double alpha(double x, double y) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double u = len2 == 0 ? 0 : ((x - ax) * dx + (y - ay) * dy) / len2;
        u = u < 0 ? 0 : (u > 1 ? 1 : u);
        double px = x - (ax + u * dx);
        double py = y - (ay + u * dy);
        double d = Math.sqrt(px * px + py * py);
        double a = (radius + SOFTNESS - d) / (2 * SOFTNESS);
        return a <= 0 ? 0 : (a >= 1 ? 1 : a);
    }

    /** Smallest x any covered pixel can have. */
    double minX() {
        return Math.min(ax, bx) - radius - SOFTNESS;
    }

    double maxX() {
        return Math.max(ax, bx) + radius + SOFTNESS;
    }

    double minY() {
        return Math.min(ay, by) - radius - SOFTNESS;
    }

    double maxY() {
        return Math.max(ay, by) + radius + SOFTNESS;
    }
}
