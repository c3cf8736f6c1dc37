package io.nacastream.encoder;

/**
 * A region of interest in sensor pixels: the rectangle {@code [x, x + width) × [y, y + height)}. Events outside it
 * are ignored by the encoder, and the region, not the whole sensor, is mapped onto the input grid.
 *
 * @param x      first column
 * @param y      first row
 * @param width  columns
 * @param height rows
 */
public record Roi(int x, int y, int width, int height) {

    /** Checks the rectangle is non-empty and starts inside the event coordinate range. */
    public Roi {
        if (x < 0 || y < 0 || width < 1 || height < 1 || (long) x + width > 32768 || (long) y + height > 32768) {
            throw new IllegalArgumentException("region of interest " + x + "," + y + "," + width + "," + height
                    + " is not x,y,width,height with x, y >= 0, width, height >= 1 and x + width, y + height <= 32768");
        }
    }

    /** Parses {@code x,y,width,height}, e.g. {@code 160,120,320,240}. */
    public static Roi parse(String text) {
        String[] parts = text.trim().split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("region of interest '" + text + "' is not x,y,width,height, e.g. "
                    + "160,120,320,240");
        }
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("region of interest '" + text + "' is not x,y,width,height, e.g. "
                        + "160,120,320,240");
            }
        }
        return new Roi(v[0], v[1], v[2], v[3]);
    }

    /** True when the region lies within a {@code sensorWidth × sensorHeight} sensor. */
    public boolean fits(int sensorWidth, int sensorHeight) {
        return (long) x + width <= sensorWidth && (long) y + height <= sensorHeight;
    }

    @Override
    public String toString() {
        return x + "," + y + "," + width + "," + height;
    }
}
