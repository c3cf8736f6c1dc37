package io.nacastream.ingest.event;

/**
 * One DVS event: a brightness change at pixel (x, y) at a time in microseconds.
 *
 * <p>{@code on} is true for an increase of log intensity (ON), false for a decrease (OFF). Coordinates use the
 * AEDAT 3.1/4.0 convention: (0, 0) is the upper-left pixel of the sensor.
 */
public record DvsEvent(int x, int y, boolean on, long timestampUs) {

    /** Largest coordinate the wire format can carry (15 bits). */
    public static final int MAX_COORDINATE = 0x7FFF;

    public DvsEvent {
        if (x < 0 || x > MAX_COORDINATE || y < 0 || y > MAX_COORDINATE) {
            throw new IllegalArgumentException("coordinates out of range: x=" + x + " y=" + y);
        }
    }
}
