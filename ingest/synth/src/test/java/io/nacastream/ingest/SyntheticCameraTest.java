package io.nacastream.ingest;

import io.nacastream.ingest.label.GestureClass;
import io.nacastream.ingest.synth.GestureSession;
import io.nacastream.ingest.synth.SensorParameters;
import io.nacastream.ingest.synth.Subject;
import io.nacastream.ingest.synth.SyntheticCamera;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticCameraTest {

    private static List<long[]> record(long sensorSeed, long takeSeed, GestureClass g, long durationUs) {
        List<long[]> events = new ArrayList<>();
        SyntheticCamera cam = new SyntheticCamera(sensorSeed, takeSeed);
        cam.perform(g, Subject.generate(1, 3), 0, durationUs, (x, y, on, t) -> events.add(new long[] {x, y, on ? 1 : 0, t}));
        return events;
    }

    @Test
    void sameSeedGivesTheSameEventsAndAnotherSeedDoesNot() {
        List<long[]> a = record(5, 9, GestureClass.ARM_ROLL, 300_000);
        List<long[]> b = record(5, 9, GestureClass.ARM_ROLL, 300_000);
        List<long[]> c = record(5, 10, GestureClass.ARM_ROLL, 300_000);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertTrue(Arrays.equals(a.get(i), b.get(i)), "event " + i);
        }
        assertNotEquals(a.size(), c.size());
    }

    @Test
    void everyClassLooksLikeADvsRecording() {
        for (GestureClass g : GestureClass.values()) {
            List<long[]> ev = record(42, g.ordinal(), g, 1_000_000);
            double rate = ev.size() / 1.0;
            assertTrue(rate > 5_000 && rate < 200_000, g + ": " + rate + " ev/s");   // DVS Gesture: tens of k ev/s
            long on = ev.stream().filter(e -> e[2] == 1).count();
            double onFraction = on / (double) ev.size();
            assertTrue(onFraction > 0.4 && onFraction < 0.6, g + ": ON fraction " + onFraction);
            long[] lastAtPixel = new long[128 * 128];
            Arrays.fill(lastAtPixel, Long.MIN_VALUE / 2);
            long previous = Long.MIN_VALUE;
            for (long[] e : ev) {
                assertTrue(e[0] >= 0 && e[0] < 128 && e[1] >= 0 && e[1] < 128, "in bounds");
                assertTrue(e[3] >= previous, "time ordered");
                previous = e[3];
                int p = (int) (e[1] * 128 + e[0]);
                assertTrue(e[3] - lastAtPixel[p] >= 500, g + ": refractory violated at pixel " + p);
                lastAtPixel[p] = e[3];
            }
        }
    }

    @Test
    void staticSceneFiresOnlyNoiseAtAFewHundredEventsPerSecond() {
        SyntheticCamera cam = new SyntheticCamera(SensorParameters.dvs128(), 1, 2, SyntheticCamera.DEFAULT_FRAME_US);
        long n = cam.idle(0, 2_000_000, (x, y, on, t) -> { });
        double rate = n / 2.0;
        // 16384 pixels x (0.01 + 0.01) Hz + 3 hot pixels x 100 Hz, less refractory losses
        assertTrue(rate > 400 && rate < 900, "idle rate " + rate);
    }

    @Test
    void sessionsCoverEveryClassOnceInSeededOrder() {
        GestureSession s = GestureSession.plan(42, 7, 1_000_000, 200_000, true);
        assertEquals("user07", s.streamId());
        assertEquals(11, s.takes().size());
        assertEquals(11, s.takes().stream().map(t -> t.gesture()).distinct().count());
        assertEquals(s, GestureSession.plan(42, 7, 1_000_000, 200_000, true));
        assertEquals(200_000, s.takes().get(0).startUs());
        assertEquals(11 * 1_200_000L + 200_000, s.endUs());
    }
}
