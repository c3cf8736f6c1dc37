package io.nacastream.service;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.event.StreamClock;
import io.nacastream.ingest.kafka.RejectKind;
import io.nacastream.ingest.kafka.StreamItem;

/**
 * Checks of decoded input against what the learner can take, made before it learns: a label's class must exist, and
 * a packet must continue its stream's clock ({@link StreamClock}). A failed check gives the dead-letter record.
 */
public final class InputChecks {

    private InputChecks() {
    }

    /** The rejection of a label whose class the model does not have, or null if the class exists. */
    public static StreamItem.Rejected unknownClass(StreamItem.Label label, int classes) {
        int c = label.segment().classId();
        return c < classes ? null : label.reject(RejectKind.UNKNOWN_CLASS, "label class " + c
                + " is not one of the model's " + classes + " classes (0.." + (classes - 1) + ")");
    }

    /**
     * Runs a packet past its stream's clock: null if it may be learned ({@code onResync} has run first if it starts a
     * new timeline the clock accepted), else its rejection. Empty packets always pass.
     */
    public static StreamItem.Rejected clock(StreamClock clock, StreamItem.Packet item, Runnable onResync) {
        EventPacket p = item.packet();
        if (p.isEmpty()) {
            return null;
        }
        StreamClock.Verdict v = clock.admit(p.firstTimestampUs(), p.lastTimestampUs());
        if (v == StreamClock.Verdict.ACCEPT) {
            return null;
        }
        if (v == StreamClock.Verdict.RESYNC) {
            onResync.run();
            return null;
        }
        return item.reject(RejectKind.CLOCK, "stream " + p.sensorId() + ": "
                + clock.explain(v, p.firstTimestampUs(), p.lastTimestampUs()));
    }
}
