package io.nacastream.ingest.kafka;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.ingest.recording.aedat.Aedat4Compression;
import io.nacastream.ingest.wire.MalformedPacketException;
import io.nacastream.ingest.wire.PacketCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns raw records of the events and labels topics into {@link StreamItem}s. Never throws for bad input: a record
 * that cannot be decoded becomes a {@link StreamItem.Rejected} carrying the reason. Event records are decoded by
 * the encoding in their {@value PayloadEncoding#HEADER} header: our wire format by default, or a camera-native
 * encoding with per-stream state (see {@link CameraPayloadDecoder}); call from one thread, in partition order.
 */
public final class RecordDecoder {

    /** Streams whose camera-native decoder state is kept. */
    public static final int MAX_CAMERA_STREAMS = 10_000;

    private final String eventsTopic;
    private final String labelsTopic;
    private final CameraPayloadDecoder camera = new CameraPayloadDecoder(MAX_CAMERA_STREAMS);

    /** A decoder for the given topic names. */
    public RecordDecoder(String eventsTopic, String labelsTopic) {
        this.eventsTopic = Objects.requireNonNull(eventsTopic, "eventsTopic");
        this.labelsTopic = Objects.requireNonNull(labelsTopic, "labelsTopic");
    }

    /** Decodes one record; never throws. */
    public StreamItem decode(ConsumerRecord<byte[], byte[]> record) {
        RecordOrigin origin = new RecordOrigin(record.topic(), record.partition(), record.offset(), record.timestamp());
        if (record.topic().equals(eventsTopic)) {
            return decodeEvents(record, origin);
        }
        if (record.topic().equals(labelsTopic)) {
            try {
                return new StreamItem.Label(LabelCodec.decode(record.value()), record.key(), record.value(), origin);
            } catch (MalformedLabelException e) {
                return rejected(RejectKind.MALFORMED_LABEL, e.getMessage(), record, origin);
            }
        }
        return rejected(RejectKind.UNEXPECTED_TOPIC, "record from unexpected topic " + record.topic(), record, origin);
    }

    private StreamItem decodeEvents(ConsumerRecord<byte[], byte[]> record, RecordOrigin origin) {
        String encoding = header(record, PayloadEncoding.HEADER);
        PayloadEncoding e;
        try {
            e = encoding == null ? PayloadEncoding.NACA_V1 : PayloadEncoding.parse(encoding);
        } catch (IllegalArgumentException ex) {
            return rejected(RejectKind.MALFORMED_PAYLOAD, ex.getMessage(), record, origin);
        }
        if (e == PayloadEncoding.NACA_V1) {
            try {
                return new StreamItem.Packet(PacketCodec.decode(record.value()), record.key(), record.value(), origin);
            } catch (MalformedPacketException ex) {
                return rejected(RejectKind.MALFORMED_PACKET, ex.getMessage(), record, origin);
            }
        }
        try {
            return new StreamItem.Packet(camera(record, e), record.key(), record.value(), origin);
        } catch (MalformedPacketException | IllegalArgumentException ex) {
            return rejected(RejectKind.MALFORMED_PAYLOAD, ex.getMessage(), record, origin);
        } catch (RuntimeException ex) {   // a decoder defect must not stop the stream; the fuzz tests hunt these
            return rejected(RejectKind.MALFORMED_PAYLOAD, "decoder failure " + ex, record, origin);
        }
    }

    private static StreamItem.Rejected rejected(RejectKind kind, String reason, ConsumerRecord<byte[], byte[]> record,
                                                RecordOrigin origin) {
        return new StreamItem.Rejected(kind, reason, record.key(), record.value(), origin);
    }

    private EventPacket camera(ConsumerRecord<byte[], byte[]> record, PayloadEncoding e) {
        if (record.key() == null || record.key().length == 0) {
            throw new IllegalArgumentException(e.id() + " record without a key: the key names the stream");
        }
        String geometry = header(record, PayloadEncoding.GEOMETRY_HEADER);
        if (geometry == null) {
            throw new IllegalArgumentException(e.id() + " record without header " + PayloadEncoding.GEOMETRY_HEADER
                    + " (the sensor size, e.g. 1280x720)");
        }
        String compression = header(record, PayloadEncoding.COMPRESSION_HEADER);
        Aedat4Compression c = compression == null ? Aedat4Compression.NONE : compression(compression);
        return camera.decode(new String(record.key(), StandardCharsets.UTF_8), e, SensorGeometry.parse(geometry), c,
                record.value());
    }

    private static Aedat4Compression compression(String value) {
        try {
            return Aedat4Compression.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("unknown compression '" + value + "' in header "
                    + PayloadEncoding.COMPRESSION_HEADER + "; one of none, lz4, zstd");
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
