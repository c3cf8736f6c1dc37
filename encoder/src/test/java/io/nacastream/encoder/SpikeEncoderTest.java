package io.nacastream.encoder;

import io.nacastream.ingest.event.EventPacket;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpikeEncoderTest {

    @Test
    void poolsPixelsIntoPolarityChannels() {
        EncoderConfig c = EncoderConfig.dvs128();
        assertEquals(2048, c.inputCount());
        assertEquals(1024 + 2 * 32 + 1, c.inputIndex(5, 9, true));
        assertEquals(2 * 32 + 1, c.inputIndex(7, 11, false));
        assertEquals(1023, c.inputIndex(127, 127, false));
    }

    @Test
    void isolatedEventsAreDroppedAndSupportedOnesPass() {
        EncoderConfig c = new EncoderConfig(128, 128, 4, 10_000, 0);
        EncoderState s = new EncoderState(c);
        EventPacket p = EventPacket.builder("s", 128, 128, 4)
                .add(10, 10, true, 0)          // nobody fired near it: noise
                .add(11, 10, true, 100)        // neighbour (10,10) fired 100 us ago: passes
                .add(60, 60, false, 200)       // isolated
                .add(10, 10, true, 20_000)     // its neighbour fired 19.9 ms ago: outside the 10 ms window
                .build();
        SpikeTrain t = SpikeEncoder.encode(p, c, s);
        assertEquals(1, t.size());
        assertEquals(c.inputIndex(11, 10, true), t.input(0));
        assertEquals(100, t.timestampUs(0));
        assertEquals(4, t.eventsIn());
        assertEquals(20_000, t.endUs());
    }

    @Test
    void refractoryPeriodClipsAnInputToOneSpike() {
        EncoderConfig c = new EncoderConfig(128, 128, 4, 0, 1_000);
        EncoderState s = new EncoderState(c);
        EventPacket p = EventPacket.builder("s", 128, 128, 4)
                .add(0, 0, true, 0).add(1, 1, true, 500).add(2, 2, true, 1_000).add(2, 2, false, 1_000).build();
        SpikeTrain t = SpikeEncoder.encode(p, c, s);
        assertEquals(3, t.size());                       // the 500 us event hits the same input within 1 ms
        assertEquals(1_000, t.timestampUs(1));
        assertEquals(c.inputIndex(2, 2, false), t.input(2));
    }

    @Test
    void aPacketFromAnotherSensorSizeIsRefused() {
        EncoderConfig c = EncoderConfig.dvs128();
        EventPacket p = EventPacket.builder("s", 64, 64, 1).add(1, 1, true, 0).build();
        assertThrows(IllegalArgumentException.class, () -> SpikeEncoder.encode(p, c, new EncoderState(c)));
    }

    @Test
    void reusingEncoderGivesTheSameSpikesInItsScratchArrays() {
        EncoderConfig c = new EncoderConfig(128, 128, 4, 10_000, 1_000);
        EncoderState copying = new EncoderState(c);
        EncoderState reusing = new EncoderState(c);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        long t = 0;
        int spikes = 0;
        for (int packet = 0; packet < 50; packet++) {
            EventPacket.Builder b = EventPacket.builder("s", 128, 128, 16);
            int n = r.nextInt(0, 400);
            for (int e = 0; e < n; e++) {
                t += r.nextInt(0, 50);
                b.add(r.nextInt(40, 60), r.nextInt(40, 60), r.nextBoolean(), t);
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
}
