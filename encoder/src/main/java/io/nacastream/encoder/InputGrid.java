package io.nacastream.encoder;

import java.util.Locale;
import java.util.Optional;

/**
 * The model's input layer, independent of any sensor: a {@code width × height} grid of cells per polarity (OFF
 * channel first, then ON: {@code 2 · width · height} inputs), and an optional region of interest in sensor pixels.
 * Each stream's sensor is mapped onto it by {@link #map}.
 *
 * @param width  cells per row
 * @param height cells per column
 * @param roi    the sensor region mapped onto the grid; empty for the whole sensor
 */
public record InputGrid(int width, int height, Optional<Roi> roi) {

    /** Largest grid side. */
    public static final int MAX_SIDE = 1024;
    /** The default: 32 × 32 cells per polarity (2048 inputs), the whole sensor. */
    public static final InputGrid DEFAULT = new InputGrid(32, 32, Optional.empty());

    /** Checks the grid size. */
    public InputGrid {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("input grid " + width + "x" + height + " out of range 1.." + MAX_SIDE
                    + " per side");
        }
        roi = roi == null ? Optional.empty() : roi;
    }

    /** A grid over the whole sensor. */
    public static InputGrid of(int width, int height) {
        return new InputGrid(width, height, Optional.empty());
    }

    /** Parses {@code WIDTHxHEIGHT} (e.g. {@code 32x32}) and a region of interest ({@code x,y,w,h}, blank for none). */
    public static InputGrid parse(String grid, String roi) {
        String[] parts = grid.trim().toLowerCase(Locale.ROOT).split("x");
        int w;
        int h;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            w = Integer.parseInt(parts[0].trim());
            h = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("input grid '" + grid + "' is not WIDTHxHEIGHT, e.g. 32x32");
        }
        return new InputGrid(w, h, roi == null || roi.isBlank() ? Optional.empty() : Optional.of(Roi.parse(roi)));
    }

    /** Number of model inputs: two polarity channels of the grid. */
    public int inputCount() {
        return 2 * width * height;
    }

    /**
     * How a {@code sensorWidth × sensorHeight} sensor maps onto this grid; throws {@link IllegalArgumentException}
     * naming the problem when it cannot (region of interest outside the sensor, region too large to keep state for).
     */
    public SensorMapping map(int sensorWidth, int sensorHeight) {
        return new SensorMapping(this, sensorWidth, sensorHeight);
    }

    /** {@code 32x32}, or {@code 32x32 roi 160,120,320,240}. */
    @Override
    public String toString() {
        return width + "x" + height + roi.map(r -> " roi " + r).orElse("");
    }
}
