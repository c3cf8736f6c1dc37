package io.nacastream.encoder;

import io.nacastream.ingest.event.EventPacket;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpikeEncoderTest {

    private static EncoderConfig config(long denoiseUs, long pixelRefractoryUs) {
        return new EncoderConfig(InputGrid.DEFAULT, denoiseUs, pixelRefractoryUs, 0);
    }

    private static int index(int sensorW, int sensorH, int x, int y, boolean on) {
        return InputGrid.DEFAULT.map(sensorW, sensorH).input(x, y, on);
    }

    @Test
    void defaultsKeep2048Inputs() {
        assertEquals(2048, EncoderConfig.defaults().inputCount());
        assertEquals(0, EncoderConfig.defaults().pixelRefractoryUs());
        assertEquals(1_000, EncoderConfig.defaults().inputRefractoryUs());
        assertThrows(IllegalArgumentException.class, () -> new EncoderConfig(InputGrid.DEFAULT, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EncoderConfig(InputGrid.DEFAULT, 0, 0,
                EncoderConfig.MAX_WINDOW_US + 1));
    }

    @Test
    void isolatedEventsAreDroppedAndSupportedOnesPass() {
        EncoderConfig c = config(10_000, 0);
        EncoderState s = new EncoderState(c);
        EventPacket p = EventPacket.builder("s", 128, 128, 4)
                .add(10, 10, true, 0)          // nobody fired near it: noise
                .add(11, 10, true, 100)        // neighbour (10,10) fired 100 us ago: passes
                .add(60, 60, false, 200)       // isolated
                .add(10, 10, true, 20_000)     // its neighbour fired 19.9 ms ago: outside the 10 ms window
                .build();
        SpikeTrain t = SpikeEncoder.encode(p, c, s);
        assertEquals(1, t.size());
        assertEquals(index(128, 128, 11, 10, true), t.input(0));
        assertEquals(100, t.timestampUs(0));
        assertEquals(4, t.eventsIn());
        assertEquals(20_000, t.endUs());
    }

    @Test
    void denoiseNeighboursAreSensorPixelsOnALargeSensor() {
        EncoderConfig c = config(10_000, 0);
        EncoderState s = new EncoderState(c);
        // (100,100) and (101,100) are neighbours on the sensor and share a 20x20 cell; (119,100) shares the cell but
        // is not a neighbour, so it gets no support
        EventPacket p = EventPacket.builder("vga", 640, 480, 4)
                .add(100, 100, true, 0).add(119, 100, true, 10).add(101, 100, true, 20).build();
        SpikeTrain t = SpikeEncoder.encode(p, c, s);
        assertEquals(1, t.size());
        assertEquals(20, t.timestampUs(0));
        assertEquals(1024 + (4 + 5) * 32 + 5, t.input(0));
        assertEquals(640L * 480 * 4, s.stateBytes());
    }

    @Test
    void thePixelRefractoryPeriodActsOnSensorPixels() {
        EncoderConfig c = config(0, 1_000);
        EncoderState s = new EncoderState(c);
        EventPacket p = EventPacket.builder("s", 128, 128, 4)
                .add(0, 0, true, 0)
                .add(1, 1, true, 500)          // another pixel of the same 4x4 cell: passes
                .add(0, 0, false, 900)         // the same pixel within 1 ms (either polarity): dropped
                .add(0, 0, true, 1_000)        // 1 ms after its last event: passes
                .build();
        SpikeTrain t = SpikeEncoder.encode(p, c, s);
        assertEquals(3, t.size());
        assertEquals(index(128, 128, 1, 1, true), t.input(1));
        assertEquals(index(128, 128, 0, 0, true), t.input(0));
        assertEquals(t.input(0), t.input(1));
        assertEquals(1_000, t.timestampUs(2));
    }

    @Test
    void theInputRefractoryPeriodBoundsEachInputsRateWhateverTheSensor() {
        EncoderConfig c = new EncoderConfig(InputGrid.DEFAULT, 0, 0, 1_000);
        EncoderState s = new EncoderState(c);
        // a 20x20 cell of a VGA sensor: four different pixels, only the first event and the one 1 ms later spike
        EventPacket p = EventPacket.builder("vga", 640, 480, 4)
                .add(100, 100, true, 0).add(101, 105, true, 300).add(119, 119, true, 999).add(110, 110, true, 1_000)
                .add(110, 110, false, 1_000).build();
        SpikeTrain t = SpikeEncoder.encode(p, c, s);
        assertEquals(3, t.size());
        assertEquals(1_000, t.timestampUs(1));
        assertEquals(t.input(0), t.input(1));
        assertEquals(t.input(0) - 1024, t.input(2), "the OFF channel is another input");
        assertEquals(2048L * 4, s.stateBytes(), "one time per input, no per-pixel state with both pixel filters off");
    }

    @Test
    void aStreamKeepsTheGeometryOfItsFirstPacket() {
        EncoderConfig c = EncoderConfig.defaults();
        EncoderState s = new EncoderState(c);
        SpikeEncoder.encode(EventPacket.builder("cam", 346, 260, 1).add(1, 1, true, 0).build(), c, s);
        EventPacket other = EventPacket.builder("cam", 640, 480, 1).add(1, 1, true, 10).build();
        GeometryChangedException e = assertThrows(GeometryChangedException.class,
                () -> SpikeEncoder.encode(other, c, s));
        assertTrue(e.getMessage().contains("640x480") && e.getMessage().contains("346x260"), e.getMessage());
        s.reset();   // a clock resync forgets the history, not the geometry
        assertInstanceOf(GeometryChangedException.class,
                assertThrows(IllegalArgumentException.class, () -> SpikeEncoder.encode(other, c, s)));
        assertEquals(346, s.mapping().sensorWidth());
    }

    @Test
    void aRegionOfInterestCropsAndIsMappedOntoTheGrid() {
        EncoderConfig c = new EncoderConfig(new InputGrid(32, 32, Optional.of(new Roi(100, 100, 64, 64))), 0, 0, 0);
        EncoderState s = new EncoderState(c);
        EventPacket p = EventPacket.builder("cam", 640, 480, 3)
                .add(99, 120, true, 0).add(100, 100, false, 1).add(163, 163, true, 2).add(164, 120, true, 3).build();
        SpikeTrain t = SpikeEncoder.encode(p, c, s);
        assertEquals(2, t.size());
        assertEquals(0, t.input(0));
        assertEquals(2047, t.input(1));
        assertEquals(0, s.stateBytes(), "both filters off: no per-pixel state");
        EncoderState small = new EncoderState(c);
        String why = assertThrows(IllegalArgumentException.class, () -> SpikeEncoder.encode(
                EventPacket.builder("cam", 128, 128, 1).add(1, 1, true, 0).build(), c, small)).getMessage();
        assertTrue(why.contains("does not fit a 128x128 sensor"), why);
    }

    @Test
    void sensorsFromOnePixelTo2048x2048AreEncodedWithTheDefaults() {
        EncoderConfig c = EncoderConfig.defaults();
        for (int side : new int[] {1, 2, 34, 2048}) {
            EncoderState s = new EncoderState(c);
            EventPacket.Builder b = EventPacket.builder("cam", side, side, 4);
            int x = side - 1;
            b.add(Math.max(0, x - 1), x, true, 0).add(x, x, true, 10).add(x, Math.max(0, x - 1), false, 2_000);
            SpikeTrain t = SpikeEncoder.encode(b.build(), c, s);
            // a 1x1 sensor has no neighbours, so its events never get denoise support; larger ones pass 2 of 3
            assertEquals(side == 1 ? 0 : 2, t.size(), side + "x" + side);
            for (int k = 0; k < t.size(); k++) {
                assertTrue(t.input(k) >= 0 && t.input(k) < 2048);
            }
            assertEquals(4L * side * side + 4L * 2048, s.stateBytes(), "denoise times per pixel, input times");
        }
    }

    @Test
    void pixelTimesSurviveRebasingOverLongStreams() {
        EncoderConfig c = config(10_000, 1_000);
        EncoderState s = new EncoderState(c);
        long t = 0;
        int spikes = 0;
        // a pair of neighbouring pixels firing every 600 us for ~37 minutes of stream time in sparse bursts
        for (int burst = 0; burst < 5; burst++) {
            long start = burst * (EncoderState.REBASE_US / 2 + 12_345);
            EventPacket.Builder b = EventPacket.builder("s", 128, 128, 64);
            for (int k = 0; k < 20; k++) {
                t = start + k * 600L;
                b.add(k % 2, 0, true, t);
            }
            spikes += SpikeEncoder.encode(b.build(), c, s).size();
        }
        // per burst: the first event of a burst has no recent neighbour; pixel x alternates every 600 us, so each
        // pixel fires every 1.2 ms (> 1 ms refractory): 19 of 20 pass
        assertEquals(5 * 19, spikes);
    }

    @Test
    void reusingEncoderGivesTheSameSpikesInItsScratchArrays() {
        EncoderConfig c = new EncoderConfig(InputGrid.DEFAULT, 10_000, 1_000, 500);
        EncoderState copying = new EncoderState(c);
        EncoderState reusing = new EncoderState(c);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        long t = 0;
        int spikes = 0;
        for (int packet = 0; packet < 50; packet++) {
            EventPacket.Builder b = EventPacket.builder("s", 346, 260, 16);
            int n = r.nextInt(0, 400);
            for (int e = 0; e < n; e++) {
                t += r.nextInt(0, 50);
                b.add(r.nextInt(140, 170), r.nextInt(100, 130), r.nextBoolean(), t);
            }
            EventPacket p = b.build();
            SpikeTrain expected = SpikeEncoder.encode(p, c, copying);
            SpikeTrain view = SpikeEncoder.encodeReusing(p, c, reusing);
            assertEquals(expected.size(), view.size());
            spikes += view.size();
            assertEquals(expected.eventsIn(), view.eventsIn());
            assertEquals(expected.endUs(), view.endUs());
            for (int k = 0; k < expected.size(); k++) {
                assertEquals(expected.input(k), view.input(k));
                assertEquals(expected.timestampUs(k), view.timestampUs(k));
            }
            assertThrows(IndexOutOfBoundsException.class, () -> view.input(view.size()));
        }
        assertTrue(spikes > 1000, spikes + " spikes: the filters must let most events through");
    }

    private static EventPacket burst(long fromUs, int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        EventPacket.Builder b = EventPacket.builder("vga", 640, 480, n);
        for (int k = 0; k < n; k++) {
            b.add(200 + r.nextInt(40), 100 + r.nextInt(40), r.nextBoolean(), fromUs + 7L * k);
        }
        return b.build();
    }

    private static String spikes(SpikeTrain t) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < t.size(); k++) {
            sb.append(t.input(k)).append('@').append(t.timestampUs(k)).append(' ');
        }
        return sb.toString();
    }

    @Test
    void aStateRestoredFromItsBytesFiltersTheRestOfTheStreamAsTheOneNeverSaved() {
        EncoderConfig c = new EncoderConfig(InputGrid.DEFAULT, 10_000, 300, 1_000);   // all three filters on
        EncoderState uninterrupted = new EncoderState(c);
        EncoderState saved = new EncoderState(c);
        SpikeEncoder.encode(burst(0, 3000, 1), c, uninterrupted);
        SpikeEncoder.encode(burst(0, 3000, 1), c, saved);
        byte[] bytes = saved.toBytes();
        assertEquals(30 + 4 * (2 * 640 * 480 + c.inputCount()), bytes.length);
        EncoderState restored = EncoderState.fromBytes(c, bytes);
        EncoderState fresh = new EncoderState(c);
        EventPacket next = burst(21_000, 3000, 2);
        String expected = spikes(SpikeEncoder.encode(next, c, uninterrupted));
        assertTrue(expected.length() > 100, expected);
        assertEquals(expected, spikes(SpikeEncoder.encode(next, c, restored)));
        assertTrue(!expected.equals(spikes(SpikeEncoder.encode(next, c, fresh))), "the filters' history matters");
        assertEquals(restored.mapping().sensorWidth(), 640);

        EncoderState unbound = EncoderState.fromBytes(c, new EncoderState(c).toBytes());
        assertEquals(null, unbound.mapping());
        EncoderConfig noDenoise = new EncoderConfig(InputGrid.DEFAULT, 0, 300, 1_000);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EncoderState.fromBytes(noDenoise, bytes))
                .getMessage().contains("entries where this configuration keeps"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EncoderState.fromBytes(c, java.util.Arrays.copyOf(bytes, 100))).getMessage()
                .contains("cut short"));
    }
}
