package io.nacastream.ingest.kafka;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.label.LabelSegment;

/**
 * One decoded input record: an event packet, a label segment, or a record that could not be decoded. Decoded items
 * keep the record's key and value (references, not copies) so a later check can still dead-letter the original bytes.
 */
public sealed interface StreamItem permits StreamItem.Packet, StreamItem.Label, StreamItem.Rejected {

    /** Where the record came from. */
    RecordOrigin origin();

    /** The record's key, or null. */
    byte[] key();

    /** The record's value, as it arrived. */
    byte[] value();

    /** This record, refused for {@code reason}: what goes to the dead-letter topic. */
    default Rejected reject(RejectKind kind, String reason) {
        return new Rejected(kind, reason, key(), value(), origin());
    }

    /** A packet of events from the events topic. */
    record Packet(EventPacket packet, byte[] key, byte[] value, RecordOrigin origin) implements StreamItem {
    }

    /** A label segment from the labels topic. */
    record Label(LabelSegment segment, byte[] key, byte[] value, RecordOrigin origin) implements StreamItem {
    }

    /** A record that could not be used, with the reason and its original bytes, bound for the dead-letter topic. */
    record Rejected(RejectKind kind, String reason, byte[] key, byte[] value, RecordOrigin origin)
            implements StreamItem {
    }
}
