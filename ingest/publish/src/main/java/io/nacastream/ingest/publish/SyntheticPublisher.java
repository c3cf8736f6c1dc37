package io.nacastream.ingest.publish;

import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.kafka.LabelCodec;
import io.nacastream.ingest.synth.GestureSession;
import io.nacastream.ingest.synth.ScheduledTake;
import io.nacastream.ingest.synth.SensorParameters;
import io.nacastream.ingest.wire.PacketCodec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes synthetic gesture recordings to Kafka: for each session, its label segments first, then its events in
 * packets, so that a consumer always sees a segment's label before its events.
 */
public final class SyntheticPublisher {

    /** What was published. */
    public record Published(long events, long packets, long bytes, int sessions) {
    }

    private final Producer<String, byte[]> producer;
    private final String eventsTopic;
    private final String labelsTopic;
    private final int maxEvents;
    private final long maxDurationUs;

    /** A publisher writing through {@code producer} (not closed by this class). */
    public SyntheticPublisher(Producer<String, byte[]> producer, String eventsTopic, String labelsTopic,
                              int maxEvents, long maxDurationUs) {
        this.producer = producer;
        this.eventsTopic = eventsTopic;
        this.labelsTopic = labelsTopic;
        this.maxEvents = maxEvents;
        this.maxDurationUs = maxDurationUs;
    }

    /**
     * The default synthetic dataset: subjects 1..train learned from, then subjects train+1..train+test held out.
     */
    public static List<GestureSession> plan(long seed, int trainSubjects, int testSubjects, long takeUs, long gapUs) {
        List<GestureSession> sessions = new ArrayList<>();
        for (int s = 1; s <= trainSubjects + testSubjects; s++) {
            sessions.add(GestureSession.plan(seed, s, takeUs, gapUs, s <= trainSubjects));
        }
        return sessions;
    }

    /** Renders and publishes every session in order; throws if any record could not be written. */
    public Published publish(List<GestureSession> sessions, SensorParameters sensor, long sensorSeed) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] totals = new long[3];
        for (GestureSession session : sessions) {
            for (ScheduledTake take : session.takes()) {
                producer.send(new ProducerRecord<>(labelsTopic, session.streamId(), LabelCodec.encode(take.label())),
                        (m, e) -> fail(failure, e));
            }
            producer.flush();
            PacketAssembler assembler = new PacketAssembler(session.streamId(), sensor.width(), sensor.height(),
                    maxEvents, maxDurationUs, packet -> {
                        byte[] bytes = PacketCodec.encode(packet);
                        totals[1]++;
                        totals[2] += bytes.length;
                        producer.send(new ProducerRecord<>(eventsTopic, packet.sensorId(), bytes),
                                (m, e) -> fail(failure, e));
                    });
            totals[0] += session.render(sensor, sensorSeed, assembler);
            assembler.flush();
            if (failure.get() != null) {
                break;
            }
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("publishing the synthetic stream failed", failure.get());
        }
        return new Published(totals[0], totals[1], totals[2], sessions.size());
    }

    private static void fail(AtomicReference<Exception> failure, Exception e) {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    }
}
