package io.nacastream.encoder;

import java.util.Arrays;

/**
 * Where each pixel of one sensor lands on the {@link InputGrid}: area pooling that keeps the aspect ratio
 * (letterbox). The region (the region of interest, or the whole sensor) of {@code rw × rh} pixels is scaled by one
 * factor {@code num/den} (cells per pixel, at most 1: small sensors are not stretched) so that it fits the grid, and
 * centred; pixel {@code (x, y)} of the region goes to column {@code offsetX + ⌊x·num/den⌋} and row
 * {@code offsetY + ⌊y·num/den⌋}. When {@code den/num} is an integer k this is exact k × k pooling; otherwise cells
 * pool ⌊k⌋ or ⌈k⌉ pixels a side. Lookups are two array reads; immutable.
 */
public final class SensorMapping {

    /** Most region pixels the encoder keeps per-pixel filter state for (4096 × 4096, 8 bytes each). */
    public static final long MAX_REGION_PIXELS = 4096L * 4096L;
    /** Returned by {@link #input} for a pixel outside the region of interest. */
    public static final int OUTSIDE = -1;

    private final InputGrid grid;
    private final int sensorWidth;
    private final int sensorHeight;
    private final int regionX;
    private final int regionY;
    private final int regionWidth;
    private final int regionHeight;
    private final int num;
    private final int den;
    private final int usedWidth;
    private final int usedHeight;
    private final int offsetX;
    private final int offsetY;
    private final int[] column;   // per sensor column: grid column, or OUTSIDE
    private final int[] rowBase;  // per sensor row: grid row × grid width, or OUTSIDE

    SensorMapping(InputGrid grid, int sensorWidth, int sensorHeight) {
        if (sensorWidth < 1 || sensorHeight < 1 || sensorWidth > 32768 || sensorHeight > 32768) {
            throw new IllegalArgumentException("sensor geometry " + sensorWidth + "x" + sensorHeight
                    + " out of range 1..32768 per side");
        }
        this.grid = grid;
        this.sensorWidth = sensorWidth;
        this.sensorHeight = sensorHeight;
        Roi roi = grid.roi().orElse(new Roi(0, 0, sensorWidth, sensorHeight));
        if (!roi.fits(sensorWidth, sensorHeight)) {
            throw new IllegalArgumentException("region of interest " + roi + " (x,y,width,height) does not fit a "
                    + sensorWidth + "x" + sensorHeight + " sensor");
        }
        if ((long) roi.width() * roi.height() > MAX_REGION_PIXELS) {
            throw new IllegalArgumentException("a " + sensorWidth + "x" + sensorHeight + " sensor region of "
                    + roi.width() + "x" + roi.height() + " pixels is more than the encoder keeps filter state for ("
                    + MAX_REGION_PIXELS + " pixels, 4096x4096); set encoder.roi to a smaller region");
        }
        regionX = roi.x();
        regionY = roi.y();
        regionWidth = roi.width();
        regionHeight = roi.height();
        int gw = grid.width();
        int gh = grid.height();
        if (regionWidth <= gw && regionHeight <= gh) {
            num = 1;
            den = 1;
        } else if ((long) regionWidth * gh >= (long) regionHeight * gw) {
            num = gw;
            den = regionWidth;
        } else {
            num = gh;
            den = regionHeight;
        }
        usedWidth = scaled(regionWidth - 1) + 1;
        usedHeight = scaled(regionHeight - 1) + 1;
        offsetX = (gw - usedWidth) / 2;
        offsetY = (gh - usedHeight) / 2;
        column = new int[sensorWidth];
        rowBase = new int[sensorHeight];
        Arrays.fill(column, OUTSIDE);
        Arrays.fill(rowBase, OUTSIDE);
        for (int x = 0; x < regionWidth; x++) {
            column[regionX + x] = offsetX + scaled(x);
        }
        for (int y = 0; y < regionHeight; y++) {
            rowBase[regionY + y] = (offsetY + scaled(y)) * gw;
        }
    }

    private int scaled(int v) {
        return (int) ((long) v * num / den);
    }

    /**
     * Input index of an event at sensor pixel {@code (x, y)}: {@code (on ? gridW·gridH : 0) + row·gridW + column}, or
     * {@link #OUTSIDE} when the pixel lies outside the region of interest. The pixel must lie on the sensor.
     */
    public int input(int x, int y, boolean on) {
        int c = column[x];
        int r = rowBase[y];
        if ((c | r) < 0) {
            return OUTSIDE;
        }
        return (on ? grid.width() * grid.height() : 0) + r + c;
    }

    /** True when sensor pixel {@code (x, y)} lies in the region mapped onto the grid. */
    public boolean inRegion(int x, int y) {
        return (column[x] | rowBase[y]) >= 0;
    }

    /** The grid mapped onto. */
    public InputGrid grid() {
        return grid;
    }

    /** Sensor width in pixels. */
    public int sensorWidth() {
        return sensorWidth;
    }

    /** Sensor height in pixels. */
    public int sensorHeight() {
        return sensorHeight;
    }

    /** First column of the mapped region. */
    public int regionX() {
        return regionX;
    }

    /** First row of the mapped region. */
    public int regionY() {
        return regionY;
    }

    /** Width of the mapped region in pixels. */
    public int regionWidth() {
        return regionWidth;
    }

    /** Height of the mapped region in pixels. */
    public int regionHeight() {
        return regionHeight;
    }

    /** Grid columns the region covers. */
    public int usedWidth() {
        return usedWidth;
    }

    /** Grid rows the region covers. */
    public int usedHeight() {
        return usedHeight;
    }

    /** First grid column the region covers (letterbox margin). */
    public int offsetX() {
        return offsetX;
    }

    /** First grid row the region covers (letterbox margin). */
    public int offsetY() {
        return offsetY;
    }

    /** Sensor pixels per grid cell along each side ({@code den/num}; 1 when the region is not scaled). */
    public double pixelsPerCell() {
        return (double) den / num;
    }

    /** E.g. {@code 640x480 -> 32x24 cells of the 32x32 grid from column 0, row 4 (20.00 px per cell)}. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%dx%d%s -> %dx%d cells of the %dx%d grid from column %d, row %d "
                        + "(%.2f px per cell)", sensorWidth, sensorHeight,
                grid.roi().map(r -> " roi " + r).orElse(""), usedWidth, usedHeight, grid.width(), grid.height(),
                offsetX, offsetY, pixelsPerCell());
    }
}
