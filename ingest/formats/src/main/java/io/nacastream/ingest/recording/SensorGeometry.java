package io.nacastream.ingest.recording;

import io.nacastream.ingest.event.DvsEvent;

/** Size of a sensor's pixel array: every event satisfies {@code x < width} and {@code y < height}. */
public record SensorGeometry(int width, int height) {

    /** Checks the size fits the event model (1..32768 per side). */
    public SensorGeometry {
        if (width < 1 || height < 1 || width > DvsEvent.MAX_COORDINATE + 1 || height > DvsEvent.MAX_COORDINATE + 1) {
            throw new IllegalArgumentException("sensor size " + width + "x" + height + " out of range 1..32768");
        }
    }

    /** Parses {@code WIDTHxHEIGHT}, e.g. {@code 640x480}. */
    public static SensorGeometry parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("sensor size '" + text + "' is not WIDTHxHEIGHT, e.g. 640x480");
        }
        try {
            return new SensorGeometry(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sensor size '" + text + "' is not WIDTHxHEIGHT, e.g. 640x480");
        }
    }

    /** True when (x, y) lies on the sensor. */
    public boolean contains(int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
