package io.nacastream.ingest.kafka;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.label.LabelSegment;

/** One decoded input record: an event packet, a label segment, or a record that could not be decoded. */
public sealed interface StreamItem permits StreamItem.Packet, StreamItem.Label, StreamItem.Rejected {

    /** Where the record came from. */
    RecordOrigin origin();

    /** A packet of events from the events topic. */
    record Packet(EventPacket packet, RecordOrigin origin) implements StreamItem {
    }

    /** A label segment from the labels topic. */
    record Label(LabelSegment segment, RecordOrigin origin) implements StreamItem {
    }

    /** A record that could not be decoded, with the reason and its original bytes, bound for the dead-letter topic. */
    record Rejected(String reason, byte[] key, byte[] value, RecordOrigin origin) implements StreamItem {
    }
}
