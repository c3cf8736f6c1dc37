package io.nacastream.ingest;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.event.PacketAssembler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PacketAssemblerTest {

    @Test
    void closesPacketsByCountAndByTime() {
        List<EventPacket> out = new ArrayList<>();
        PacketAssembler a = new PacketAssembler("s", 16, 16, 3, 100, out::add);
        for (int t : new int[] {0, 10, 20, 30, 40, 200, 210}) {
            a.accept(1, 2, true, t);
        }
        a.flush();
        assertEquals(List.of(3, 2, 2), out.stream().map(EventPacket::size).toList());
        assertEquals(200, out.get(2).firstTimestampUs());
    }

    @Test
    void rejectsEventsOutsideTheSensor() {
        PacketAssembler a = new PacketAssembler("s", 16, 16, 3, 100, p -> { });
        assertThrows(IllegalArgumentException.class, () -> a.accept(16, 0, true, 0));
    }
}
