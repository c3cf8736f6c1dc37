package io.nacastream.ingest.kafka;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventDataException;
import io.nacastream.ingest.recording.MonotonicTime;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.ingest.recording.aedat.Aedat4Compression;
import io.nacastream.ingest.recording.aedat.Aedat4PacketDecoder;
import io.nacastream.ingest.recording.prophesee.Evt2Decoder;
import io.nacastream.ingest.recording.prophesee.Evt3Decoder;
import io.nacastream.ingest.recording.prophesee.WordDecoder;
import io.nacastream.ingest.wire.MalformedPacketException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes camera-native record payloads (EVT 2.0, EVT 3.0, AEDAT 4.0 packets) into {@link EventPacket}s, keeping
 * each stream's decoder state between records, so an EVT 3.0 time base or base column set in one record applies to
 * the next. Timestamps that step back are held at the stream's last time ({@link MonotonicTime}). Not thread-safe:
 * one instance per consuming thread, records of a stream in partition order. At most {@code maxStreams} streams
 * keep state; the least recently seen one is forgotten beyond that (its next EVT 3.0 events wait for a TIME_HIGH).
 */
public final class CameraPayloadDecoder {

    private final int maxStreams;
    private final Map<String, StreamState> streams;
    private final EventBatch batch = new EventBatch(EventBatch.DEFAULT_CAPACITY);

    /** A decoder keeping state for at most {@code maxStreams} streams. */
    public CameraPayloadDecoder(int maxStreams) {
        this.maxStreams = maxStreams;
        this.streams = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StreamState> eldest) {
                return size() > CameraPayloadDecoder.this.maxStreams;
            }
        };
    }

    private static final class StreamState {
        final PayloadEncoding encoding;
        final SensorGeometry geometry;
        final Aedat4Compression compression;
        final WordDecoder words;
        final Aedat4PacketDecoder packets;
        final MonotonicTime time = new MonotonicTime();

        StreamState(PayloadEncoding encoding, SensorGeometry geometry, Aedat4Compression compression) {
            this.encoding = encoding;
            this.geometry = geometry;
            this.compression = compression;
            this.words = encoding == PayloadEncoding.EVT2 ? new Evt2Decoder(geometry)
                    : encoding == PayloadEncoding.EVT3 ? new Evt3Decoder(geometry) : null;
            this.packets = encoding == PayloadEncoding.AEDAT4 ? new Aedat4PacketDecoder(compression) : null;
        }

        boolean matches(PayloadEncoding e, SensorGeometry g, Aedat4Compression c) {
            return encoding == e && geometry.equals(g) && compression == c;
        }
    }

    /**
     * Decodes one record value of stream {@code streamId}; throws {@link MalformedPacketException} naming the byte
     * offset in the payload when it breaks its format.
     */
    public EventPacket decode(String streamId, PayloadEncoding encoding, SensorGeometry geometry,
                              Aedat4Compression compression, byte[] value) {
        if (encoding == PayloadEncoding.NACA_V1) {
            throw new IllegalArgumentException("naca-v1 payloads are decoded by PacketCodec");
        }
        if (value == null) {
            throw new MalformedPacketException("null payload", 0);
        }
        StreamState s = streams.get(streamId);
        if (s == null || !s.matches(encoding, geometry, compression)) {
            s = new StreamState(encoding, geometry, compression);
            streams.put(streamId, s);
        }
        EventPacket.Builder out = EventPacket.builder(streamId, geometry.width(), geometry.height(), 1024);
        try {
            if (s.words != null) {
                int word = s.words.wordBytes();
                if (value.length % word != 0) {
                    throw new MalformedPacketException(encoding.id() + " payload of " + value.length
                            + " bytes is not a whole number of " + word + "-byte words", value.length);
                }
                int p = 0;
                while (p < value.length) {
                    batch.clear();
                    p = s.words.decode(value, p, value.length, batch);
                    append(batch, s.time, out);
                }
            } else {
                s.packets.load(value, 0, value.length);
                while (s.packets.hasEvents()) {
                    batch.clear();
                    s.packets.drain(batch, geometry);
                    append(batch, s.time, out);
                }
            }
        } catch (EventDataException e) {
            throw new MalformedPacketException(encoding.id() + " payload: " + e.getMessage(), e.index());
        } catch (IOException e) {
            throw new MalformedPacketException(encoding.id() + " payload: cannot decompress " + compression + ": "
                    + e.getMessage(), 0);
        }
        return out.build();
    }

    /** Timestamps held back so far in stream {@code streamId} (0 when unknown). */
    public long clamped(String streamId) {
        StreamState s = streams.get(streamId);
        return s == null ? 0 : s.time.clamped();
    }

    private static void append(EventBatch batch, MonotonicTime time, EventPacket.Builder out) {
        for (int i = 0; i < batch.size(); i++) {
            out.add(batch.x(i), batch.y(i), batch.on(i), time.next(batch.timestampUs(i)));
        }
    }
}
