package io.nacastream.service.stream;

import io.nacastream.encoder.GeometryChangedException;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.event.StreamClock;
import io.nacastream.ingest.kafka.RejectKind;
import io.nacastream.ingest.kafka.StreamItem;
import io.nacastream.sink.DeadLetter;

/**
 * Checks of decoded input against what the learner can take, made before it learns: a label's class must exist, and
 * a packet must continue its stream's clock ({@link StreamClock}). A failed check gives the dead-letter record.
 */
public final class InputChecks {

    /** Told when a stream's clock accepts a new timeline, before the packet that completed it is learned. */
    @FunctionalInterface
    public interface Resync {
        /** Stream {@code streamId} jumped from its last event at {@code fromUs} to a timeline from {@code toUs}. */
        void resync(String streamId, long fromUs, long toUs);
    }

    private InputChecks() {
    }

    /** The rejection of a label whose class the model does not have, or null if the class exists. */
    public static StreamItem.Rejected unknownClass(StreamItem.Label label, int classes) {
        int c = label.segment().classId();
        return c < classes ? null : label.reject(RejectKind.UNKNOWN_CLASS, "label class " + c
                + " is not one of the model's " + classes + " classes (0.." + (classes - 1) + "; learner.classes)");
    }

    /** The kind of dead letter for a packet the encoder refused with {@code e}. */
    public static RejectKind encoderRejection(IllegalArgumentException e) {
        return e instanceof GeometryChangedException ? RejectKind.GEOMETRY_CHANGED : RejectKind.UNSUPPORTED_SENSOR;
    }

    /**
     * Runs a packet past its stream's clock: null if it may be learned ({@code onResync} has been told first if it
     * completes a new timeline the clock accepted), else its rejection. Empty packets always pass.
     */
    public static StreamItem.Rejected clock(StreamClock clock, StreamItem.Packet item, Resync onResync) {
        EventPacket p = item.packet();
        if (p.isEmpty()) {
            return null;
        }
        long before = clock.lastUs();
        StreamClock.Verdict v = clock.admit(p.firstTimestampUs(), p.lastTimestampUs());
        if (v == StreamClock.Verdict.ACCEPT) {
            return null;
        }
        if (v == StreamClock.Verdict.RESYNC) {
            onResync.resync(p.sensorId(), before, p.firstTimestampUs());
            return null;
        }
        return item.reject(RejectKind.CLOCK, "stream " + p.sensorId() + ": "
                + clock.explain(v, p.firstTimestampUs(), p.lastTimestampUs()));
    }

    /** {@code r} as the sink's dead-letter record. */
    public static DeadLetter deadLetter(StreamItem.Rejected r) {
        return new DeadLetter(r.kind().id(), r.reason(), r.origin().topic(), r.origin().partition(), r.origin().offset(),
                r.key(), r.value());
    }
}
