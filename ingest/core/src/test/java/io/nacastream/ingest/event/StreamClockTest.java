package io.nacastream.ingest.event;

import org.junit.jupiter.api.Test;

import static io.nacastream.ingest.event.StreamClock.Verdict.ACCEPT;
import static io.nacastream.ingest.event.StreamClock.Verdict.BACKWARDS;
import static io.nacastream.ingest.event.StreamClock.Verdict.JUMP;
import static io.nacastream.ingest.event.StreamClock.Verdict.RESYNC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamClockTest {

    private static final long GAP = 1_000_000;

    @Test
    void packetsThatContinueTheStreamAreAccepted() {
        StreamClock c = new StreamClock(GAP, 3, StreamClock.NEVER);
        assertEquals(ACCEPT, c.admit(5_000_000_000L, 5_000_020_000L));   // any first time
        assertEquals(ACCEPT, c.admit(5_000_020_000L, 5_000_030_000L));   // same time as the last event
        assertEquals(ACCEPT, c.admit(5_001_030_000L, 5_001_040_000L));   // exactly the allowed gap
        assertEquals(5_001_040_000L, c.lastUs());
    }

    @Test
    void backwardsAndJumpsAreRefusedWithoutMovingTheClock() {
        StreamClock c = new StreamClock(GAP, 3, 10_000_000);
        assertEquals(BACKWARDS, c.admit(9_999_999, 10_000_100));
        assertTrue(c.explain(BACKWARDS, 9_999_999, 10_000_100).contains("before its stream's last event at 10000000"),
                c.explain(BACKWARDS, 9_999_999, 10_000_100));
        long hours = 3 * 3_600_000_000L;
        assertEquals(JUMP, c.admit(10_000_000 + hours, 10_000_000 + hours + 5));
        assertTrue(c.explain(JUMP, 10_000_000 + hours, 10_000_000 + hours).contains(hours + " us after"));
        assertEquals(10_000_000, c.lastUs());
        assertEquals(ACCEPT, c.admit(10_000_010, 10_000_020), "the stream goes on where it was");
    }

    @Test
    void aPacketSpanningLongerThanTheGapIsAJumpAndNeverStartsATimeline() {
        assertEquals(JUMP, new StreamClock(GAP, 1, StreamClock.NEVER).admit(0, GAP + 1), "even as a first packet");
        StreamClock c = new StreamClock(GAP, 1, 0);
        assertEquals(JUMP, c.admit(10, 10 + GAP + 1));
        assertTrue(c.explain(JUMP, 10, 10 + GAP + 1).contains("spans 1000001 us"));
        assertEquals(0, c.lastUs());
    }

    @Test
    void aNewTimelineIsAcceptedAfterEnoughRefusedPacketsAgreeOnIt() {
        StreamClock c = new StreamClock(GAP, 3, 50_000_000);   // a camera that restarted its clock at 0
        assertEquals(BACKWARDS, c.admit(0, 10));
        assertEquals(BACKWARDS, c.admit(20, 30));
        assertEquals(RESYNC, c.admit(40, 50));
        assertEquals(50, c.lastUs());
        assertEquals(ACCEPT, c.admit(60, 70));
    }

    @Test
    void refusedPacketsThatDisagreeDoNotResync() {
        StreamClock c = new StreamClock(GAP, 2, 50_000_000);
        assertEquals(BACKWARDS, c.admit(0, 10));
        assertEquals(BACKWARDS, c.admit(40_000_000, 40_000_010));   // a second, different timeline
        assertEquals(BACKWARDS, c.admit(0, 10));                    // back to the first: count starts again
        assertEquals(ACCEPT, c.admit(50_000_000, 50_000_001));      // a continuing packet clears the candidate
        assertEquals(BACKWARDS, c.admit(20, 30));
        assertEquals(50_000_001, c.lastUs());
    }

    @Test
    void extremeTimestampsDoNotOverflow() {
        StreamClock c = new StreamClock(GAP, 3, Long.MIN_VALUE + 1);
        assertEquals(JUMP, c.admit(Long.MAX_VALUE - 10, Long.MAX_VALUE));   // difference > 2^63: still a jump
        StreamClock d = new StreamClock(GAP, 3, StreamClock.NEVER);
        assertEquals(ACCEPT, d.admit(Long.MAX_VALUE - 10, Long.MAX_VALUE));
        assertEquals(BACKWARDS, d.admit(Long.MIN_VALUE, Long.MIN_VALUE + 1));
        assertThrows(IllegalArgumentException.class, () -> new StreamClock(0, 1, 0));
    }
}
