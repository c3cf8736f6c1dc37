package io.nacastream.ingest.kafka;

import io.nacastream.ingest.label.LabelCodec;
import io.nacastream.ingest.label.MalformedLabelException;
import io.nacastream.ingest.wire.MalformedPacketException;
import io.nacastream.ingest.wire.PacketCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Objects;

/**
 * Turns raw records of the events and labels topics into {@link StreamItem}s. Never throws for bad input: a record
 * that cannot be decoded becomes a {@link StreamItem.Rejected} carrying the reason.
 */
public final class RecordDecoder {

    private final String eventsTopic;
    private final String labelsTopic;

    /** A decoder for the given topic names. */
    public RecordDecoder(String eventsTopic, String labelsTopic) {
        this.eventsTopic = Objects.requireNonNull(eventsTopic, "eventsTopic");
        this.labelsTopic = Objects.requireNonNull(labelsTopic, "labelsTopic");
    }

    /** Decodes one record. */
    public StreamItem decode(ConsumerRecord<byte[], byte[]> record) {
        RecordOrigin origin = new RecordOrigin(record.topic(), record.partition(), record.offset(), record.timestamp());
        try {
            if (record.topic().equals(eventsTopic)) {
                return new StreamItem.Packet(PacketCodec.decode(record.value()), origin);
            }
            if (record.topic().equals(labelsTopic)) {
                return new StreamItem.Label(LabelCodec.decode(record.value()), origin);
            }
            return new StreamItem.Rejected("record from unexpected topic " + record.topic(), record.key(),
                    record.value(), origin);
        } catch (MalformedPacketException | MalformedLabelException | IllegalArgumentException e) {
            return new StreamItem.Rejected(e.getMessage(), record.key(), record.value(), origin);
        }
    }
}
