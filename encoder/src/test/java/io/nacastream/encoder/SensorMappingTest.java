package io.nacastream.encoder;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sensor-to-grid mapping against indices computed by hand (32x32 grid, 1024 cells per polarity:
 * input = (on ? 1024 : 0) + row * 32 + column).
 */
class SensorMappingTest {

    private static final InputGrid GRID = InputGrid.DEFAULT;

    @Test
    void dvs128IsExactFourByFourPooling() {
        SensorMapping m = GRID.map(128, 128);
        assertEquals(4.0, m.pixelsPerCell());
        assertEquals(32, m.usedWidth());
        assertEquals(32, m.usedHeight());
        assertEquals(0, m.offsetX());
        assertEquals(0, m.offsetY());
        assertEquals(1024 + 2 * 32 + 1, m.input(5, 9, true));   // (5/4, 9/4) = (1, 2)
        assertEquals(2 * 32 + 1, m.input(7, 11, false));
        assertEquals(1023, m.input(127, 127, false));
        assertEquals(0, m.input(3, 3, false));
        assertEquals(1, m.input(4, 3, false));
    }

    @Test
    void nmnist34FillsTheWholeGrid() {
        // 34 px onto 32 cells: column = floor(x * 32 / 34); no margin
        SensorMapping m = GRID.map(34, 34);
        assertEquals(32, m.usedWidth());
        assertEquals(32, m.usedHeight());
        assertEquals(0, m.offsetX());
        assertEquals(0, m.offsetY());
        assertEquals(0, m.input(1, 0, false));                 // 32/34 = 0.94 -> 0: cell 0 pools columns 0 and 1
        assertEquals(1, m.input(2, 0, false));                 // 64/34 = 1.88 -> 1
        assertEquals(15, m.input(16, 0, false));               // 512/34 = 15.06
        assertEquals(16, m.input(17, 0, false));               // 544/34 = 16
        assertEquals(16, m.input(18, 0, false));               // 576/34 = 16.94
        assertEquals(31, m.input(33, 0, false));               // 1056/34 = 31.06
        assertEquals(1024 + 31 * 32 + 31, m.input(33, 33, true));
        assertEquals(1024 + 16 * 32 + 15, m.input(16, 17, true));
        // every input of the grid is used by some pixel: 2048 distinct indices
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int y = 0; y < 34; y++) {
            for (int x = 0; x < 34; x++) {
                used.add(m.input(x, y, false));
                used.add(m.input(x, y, true));
            }
        }
        assertEquals(2048, used.size());
    }

    @Test
    void davis346IsLetterboxedVertically() {
        // 346 px wide onto 32 columns: 32/346 cells per pixel; rows used = floor(259 * 32 / 346) + 1 = 24, margin 4
        SensorMapping m = GRID.map(346, 260);
        assertEquals(32, m.usedWidth());
        assertEquals(24, m.usedHeight());
        assertEquals(0, m.offsetX());
        assertEquals(4, m.offsetY());
        assertEquals(4 * 32, m.input(0, 0, false));
        assertEquals(1024 + (4 + 23) * 32 + 31, m.input(345, 259, true));   // 345*32/346 = 31.9, 259*32/346 = 23.95
        assertEquals((4 + 9) * 32 + 10, m.input(110, 100, false));        // 3520/346 = 10.17, 3200/346 = 9.25
        assertEquals((4 + 11) * 32 + 11, m.input(119, 119, false));       // 3808/346 = 11.006 both
    }

    @Test
    void vga640x480PoolsTwentyByTwenty() {
        SensorMapping m = GRID.map(640, 480);
        assertEquals(20.0, m.pixelsPerCell());
        assertEquals(32, m.usedWidth());
        assertEquals(24, m.usedHeight());
        assertEquals(4, m.offsetY());
        assertEquals(1024 + (4 + 23) * 32 + 31, m.input(639, 479, true));
        assertEquals((4 + 1) * 32 + 3, m.input(79, 39, false));
        assertEquals((4 + 2) * 32 + 4, m.input(80, 40, false));
    }

    @Test
    void hd1280x720PoolsFortyByForty() {
        SensorMapping m = GRID.map(1280, 720);
        assertEquals(40.0, m.pixelsPerCell());
        assertEquals(32, m.usedWidth());
        assertEquals(18, m.usedHeight());                          // floor(719 / 40) + 1
        assertEquals(7, m.offsetY());                              // (32 - 18) / 2
        assertEquals(7 * 32, m.input(0, 0, false));
        assertEquals(1024 + (7 + 17) * 32 + 31, m.input(1279, 719, true));
        assertEquals((7 + 9) * 32 + 16, m.input(640, 360, false));
    }

    @Test
    void otherCamerasOfTheDocsTable() {
        SensorMapping davis240 = GRID.map(240, 180);               // 179 * 32 / 240 = 23.9 -> 24 rows, margin 4
        assertEquals(24, davis240.usedHeight());
        assertEquals(4, davis240.offsetY());
        assertEquals(1024 + (4 + 23) * 32 + 31, davis240.input(239, 179, true));
        SensorMapping atis = GRID.map(304, 240);                   // 239 * 32 / 304 = 25.2 -> 26 rows, margin 3
        assertEquals(26, atis.usedHeight());
        assertEquals(3, atis.offsetY());
        assertEquals((3 + 25) * 32 + 31, atis.input(303, 239, false));
        SensorMapping genx = GRID.map(320, 320);
        assertEquals(10.0, genx.pixelsPerCell());
        assertEquals(31 * 32 + 31, genx.input(319, 319, false));
        assertEquals(32 + 1, genx.input(10, 10, false));
    }

    @Test
    void portraitSensorsAreLetterboxedHorizontally() {
        SensorMapping m = GRID.map(480, 640);
        assertEquals(24, m.usedWidth());
        assertEquals(32, m.usedHeight());
        assertEquals(4, m.offsetX());
        assertEquals(4, m.input(0, 0, false));
        assertEquals(31 * 32 + 4 + 23, m.input(479, 639, false));
    }

    @Test
    void smallSensorsAreCentredWithoutStretching() {
        SensorMapping one = GRID.map(1, 1);
        assertEquals(15 * 32 + 15, one.input(0, 0, false));
        assertEquals(1024 + 15 * 32 + 15, one.input(0, 0, true));
        SensorMapping sixteen = GRID.map(16, 8);
        assertEquals(1.0, sixteen.pixelsPerCell());
        assertEquals(8, sixteen.offsetX());
        assertEquals(12, sixteen.offsetY());
        assertEquals(12 * 32 + 8, sixteen.input(0, 0, false));
        assertEquals((12 + 7) * 32 + 8 + 15, sixteen.input(15, 7, false));
    }

    @Test
    void largestSensorsMap() {
        SensorMapping m = GRID.map(2048, 2048);
        assertEquals(64.0, m.pixelsPerCell());
        assertEquals(1024 + 1023, m.input(2047, 2047, true));
        assertEquals(32 + 1, m.input(64, 64, false));
    }

    @Test
    void otherGridsAndRegionsOfInterest() {
        InputGrid grid = new InputGrid(16, 8, Optional.of(new Roi(160, 120, 320, 240)));
        assertEquals(256, grid.inputCount());
        SensorMapping m = grid.map(640, 480);
        // 320x240 region onto 16x8: 320*8 = 2560 >= 240*16 = 3840? no -> height-limited: 8/240 cells per pixel
        assertEquals(30.0, m.pixelsPerCell());
        assertEquals(8, m.usedHeight());
        assertEquals(319 * 8 / 240 + 1, m.usedWidth());            // 11
        assertEquals((16 - 11) / 2, m.offsetX());
        assertEquals(SensorMapping.OUTSIDE, m.input(159, 200, true));
        assertEquals(SensorMapping.OUTSIDE, m.input(200, 360, true));
        assertEquals(2, m.input(160, 120, false));
        assertEquals(128 + 7 * 16 + 2 + 10, m.input(479, 359, true));
        assertTrue(m.inRegion(479, 359));
    }

    @Test
    void badGeometriesAndRegionsAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GRID.map(0, 480)).getMessage()
                .contains("0x480"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GRID.map(40000, 10)).getMessage()
                .contains("out of range"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GRID.map(32768, 32768)).getMessage()
                .contains("encoder.roi"));
        InputGrid roi = new InputGrid(32, 32, Optional.of(new Roi(300, 200, 100, 100)));
        String why = assertThrows(IllegalArgumentException.class, () -> roi.map(346, 260)).getMessage();
        assertTrue(why.contains("300,200,100,100") && why.contains("346x260"), why);
        assertEquals(32 * 32 * 2, new InputGrid(32, 32, Optional.of(new Roi(0, 0, 30000, 30000))).inputCount());
        assertThrows(IllegalArgumentException.class, () -> InputGrid.parse("32", ""));
        assertThrows(IllegalArgumentException.class, () -> InputGrid.parse("0x32", ""));
        assertThrows(IllegalArgumentException.class, () -> InputGrid.parse("32x32", "1,2,3"));
        assertThrows(IllegalArgumentException.class, () -> Roi.parse("-1,0,10,10"));
        assertEquals(new InputGrid(64, 48, Optional.of(new Roi(1, 2, 3, 4))), InputGrid.parse(" 64X48 ", "1, 2,3,4"));
    }
}
