package io.nacastream.ingest.publish;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.kafka.LabelCodec;
import io.nacastream.ingest.kafka.PayloadEncoding;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.MonotonicTime;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.ingest.recording.aedat.Aedat4Writer;
import io.nacastream.ingest.recording.prophesee.Evt2WordWriter;
import io.nacastream.ingest.recording.prophesee.Evt3WordWriter;
import io.nacastream.ingest.wire.PacketCodec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Streams one recording into Kafka: its label segments first (so a consumer sees a label before its events), then
 * its events cut into packets, encoded as chosen, as fast as possible or paced at N× the recording's own speed.
 * Timestamps that step back are held ({@link MonotonicTime}) and counted. Any failed send fails the publish.
 */
public final class RecordingPublisher {

    /**
     * How to publish.
     *
     * @param eventsTopic  topic of event packets
     * @param labelsTopic  topic of label segments
     * @param speed        recording seconds per wall second; 0 = as fast as possible
     * @param packetEvents most events per record
     * @param packetUs     longest time span of a record, µs
     * @param encoding     payload encoding of the event records
     */
    public record Options(String eventsTopic, String labelsTopic, double speed, int packetEvents, long packetUs,
                          PayloadEncoding encoding) {
    }

    /** What one publish did. */
    public record Result(long events, long packets, long bytes, long labels, long clamped, long maxStepBackUs,
                         long skipped, long wallNanos) {
    }

    /** Sleeps for a number of nanoseconds (injected so pacing is testable). */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps about {@code nanos}. */
        void sleep(long nanos) throws InterruptedException;
    }

    private final Producer<String, byte[]> producer;
    private final Options options;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;

    /** A publisher writing through {@code producer} (not closed here). */
    public RecordingPublisher(Producer<String, byte[]> producer, Options options, LongSupplier nanoClock,
                              Sleeper sleeper) {
        this.producer = producer;
        this.options = options;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** How this publisher publishes. */
    public Options options() {
        return options;
    }

    /** Publishes {@code labels} then every event of {@code reader} as stream {@code streamId}. */
    public Result publish(EventReader reader, String streamId, List<LabelSegment> labels, Progress progress)
            throws IOException, InterruptedException {
        SensorGeometry g = reader.info().geometry();
        Session session = session(streamId, g);
        session.labels(labels);
        PacketAssembler assembler = new PacketAssembler(streamId, g.width(), g.height(), options.packetEvents(),
                options.packetUs(), session.sender);
        MonotonicTime time = new MonotonicTime();
        EventBatch batch = new EventBatch(EventBatch.DEFAULT_CAPACITY);
        long events = 0;
        while (reader.read(batch) > 0) {
            for (int i = 0; i < batch.size(); i++) {
                assembler.accept(batch.x(i), batch.y(i), batch.on(i), time.next(batch.timestampUs(i)));
            }
            events += batch.size();
            session.check();
            if (progress != null) {
                progress.update(streamId, reader.bytesRead(), reader.totalBytes(), events);
            }
        }
        assembler.flush();
        Result r = session.finish(events, time.clamped(), time.maxStepBackUs(), reader.skipped());
        if (progress != null) {
            progress.done(streamId, reader.bytesRead(), reader.totalBytes(), events);
        }
        return r;
    }

    /**
     * A publish of stream {@code streamId} from a {@code geometry} sensor fed piece by piece: labels, then the
     * packets they cover, and so on; pacing runs on across pieces.
     */
    public Session session(String streamId, SensorGeometry geometry) {
        return new Session(streamId, geometry);
    }

    /** One stream's publish in pieces ({@link #session}); not thread-safe. */
    public final class Session {
        private final String streamId;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final PacketSender sender;
        private long labels;

        private Session(String streamId, SensorGeometry geometry) {
            this.streamId = streamId;
            this.sender = new PacketSender(streamId, geometry, failure);
            sender.start = nanoClock.getAsLong();
        }

        /** Sends label segments and waits until the broker has them, so they are read before later events. */
        public void labels(List<LabelSegment> segments) throws IOException {
            for (LabelSegment s : segments) {
                producer.send(new ProducerRecord<>(options.labelsTopic(), streamId, LabelCodec.encode(s)),
                        (m, e) -> fail(failure, e));
            }
            producer.flush();
            labels += segments.size();
            rethrow(failure);
        }

        /** Encodes, paces and sends packets of the stream, in time order. */
        public void packets(List<EventPacket> packets) throws IOException, InterruptedException {
            for (EventPacket p : packets) {
                sender.accept(p);
            }
            check();
        }

        /** The packet consumer that encodes, paces and sends, for an assembler fed event by event. */
        java.util.function.Consumer<EventPacket> sink() {
            return sender;
        }

        /** Throws if the publish was interrupted or a send failed. */
        void check() throws IOException, InterruptedException {
            if (sender.interrupted != null) {
                throw sender.interrupted;
            }
            rethrow(failure);
        }

        /** Waits for every send; returns what was published. */
        public Result finish(long events, long clamped, long maxStepBackUs, long skipped) throws IOException {
            producer.flush();
            rethrow(failure);
            return new Result(events, sender.packets, sender.bytes, labels, clamped, maxStepBackUs, skipped,
                    nanoClock.getAsLong() - sender.start);
        }
    }

    /** Encodes, paces and sends packets. */
    private final class PacketSender implements java.util.function.Consumer<EventPacket> {
        private final String streamId;
        private final AtomicReference<Exception> failure;
        private final Evt3WordWriter evt3 = new Evt3WordWriter();
        private final Evt2WordWriter evt2 = new Evt2WordWriter();
        private final RecordHeaders headers = new RecordHeaders();
        private long start;
        private long firstUs = Long.MIN_VALUE;
        private long packets;
        private long bytes;
        private InterruptedException interrupted;

        PacketSender(String streamId, SensorGeometry g, AtomicReference<Exception> failure) {
            this.streamId = streamId;
            this.failure = failure;
            if (options.encoding() != PayloadEncoding.NACA_V1) {
                headers.add(PayloadEncoding.HEADER, options.encoding().id().getBytes(StandardCharsets.UTF_8));
                headers.add(PayloadEncoding.GEOMETRY_HEADER, g.toString().getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void accept(EventPacket packet) {
            if (options.speed() > 0 && interrupted == null) {
                if (firstUs == Long.MIN_VALUE) {
                    firstUs = packet.firstTimestampUs();
                }
                long due = start + (long) ((packet.firstTimestampUs() - firstUs) * 1000 / options.speed());
                long wait = due - nanoClock.getAsLong();
                if (wait > 0) {
                    try {
                        sleeper.sleep(wait);
                    } catch (InterruptedException e) {
                        interrupted = e;
                    }
                }
            }
            byte[] value = switch (options.encoding()) {
                case NACA_V1 -> PacketCodec.encode(packet);
                case EVT3 -> evt3.encode(packet);
                case EVT2 -> evt2.encode(packet);
                case AEDAT4 -> Aedat4Writer.eventPacket(packet);
            };
            packets++;
            bytes += value.length;
            producer.send(new ProducerRecord<>(options.eventsTopic(), null, streamId, value, headers),
                    (m, e) -> fail(failure, e));
        }
    }

    private static void fail(AtomicReference<Exception> failure, Exception e) {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    }

    private static void rethrow(AtomicReference<Exception> failure) throws IOException {
        if (failure.get() != null) {
            throw new IOException("sending to Kafka failed: " + failure.get().getMessage(), failure.get());
        }
    }
}
