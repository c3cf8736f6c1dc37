package io.nacastream.tests;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.kafka.LabelCodec;
import io.nacastream.ingest.kafka.Producers;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.publish.SyntheticPublisher;
import io.nacastream.ingest.synth.GestureSession;
import io.nacastream.ingest.synth.ScheduledTake;
import io.nacastream.ingest.synth.SensorParameters;
import io.nacastream.ingest.wire.MalformedPacketException;
import io.nacastream.ingest.wire.PacketCodec;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.KafkaCheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import io.nacastream.service.store.PartitionCheckpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Synthetic gesture streams rendered once into encoded packets, published in stages (labels first, then the packets
 * of every stream in parts, interleaved stream by stream), and the checks that a service learned each published
 * event exactly once, read from the events topic and the checkpoint topic.
 */
final class StagedStreams {

    /** Events and packets of one stream. */
    record Tally(long events, long packets) {
        Tally plus(long e) {
            return new Tally(events + e, packets + 1);
        }
    }

    private final Map<String, List<byte[]>> packets = new LinkedHashMap<>();
    private final List<ScheduledTake> takes = new ArrayList<>();

    private StagedStreams() {
    }

    /** Sessions of subjects 1..{@code subjects}, every take learned from. */
    static StagedStreams render(int subjects, long seed) {
        StagedStreams s = new StagedStreams();
        SensorParameters sensor = SensorParameters.dvs128();
        for (GestureSession session : SyntheticPublisher.plan(seed, subjects, 0, 1_500_000, 250_000)) {
            List<byte[]> list = new ArrayList<>();
            PacketAssembler assembler = new PacketAssembler(session.streamId(), sensor.width(), sensor.height(), 4096,
                    20_000, p -> list.add(PacketCodec.encode(p)));
            session.render(sensor, seed, assembler);
            assembler.flush();
            s.packets.put(session.streamId(), list);
            s.takes.addAll(session.takes());
        }
        return s;
    }

    Set<String> streams() {
        return packets.keySet();
    }

    void publishLabels(String bootstrap, String labelsTopic) {
        try (KafkaProducer<String, byte[]> producer = Producers.create(bootstrap)) {
            for (ScheduledTake t : takes) {
                producer.send(new ProducerRecord<>(labelsTopic, t.label().streamId(), LabelCodec.encode(t.label())));
            }
        }
    }

    /**
     * Publishes part {@code part} of {@code parts} of every stream's packets, stream after stream (so a service with
     * fewer live models than streams evicts and restores models at each block).
     */
    void publishPart(String bootstrap, String eventsTopic, int part, int parts) {
        try (KafkaProducer<String, byte[]> producer = Producers.create(bootstrap)) {
            for (Map.Entry<String, List<byte[]>> e : packets.entrySet()) {
                List<byte[]> list = e.getValue();
                int from = (int) ((long) list.size() * part / parts);
                int to = (int) ((long) list.size() * (part + 1) / parts);
                for (byte[] packet : list.subList(from, to)) {
                    producer.send(new ProducerRecord<>(eventsTopic, e.getKey(), packet));
                }
            }
        }
    }

    /**
     * Publishes parts [from, to) of {@code parts} of every stream, the streams interleaved packet by packet (each in
     * its own order), at about {@code eventsPerSecond}; returns the events published.
     */
    long publishPaced(String bootstrap, String eventsTopic, int from, int to, int parts, double eventsPerSecond)
            throws InterruptedException {
        return publishPaced(bootstrap, eventsTopic, null, from, to, parts, eventsPerSecond, 0, 1);
    }

    /**
     * As {@link #publishPaced(String, String, int, int, int, double)}, {@code cycles} times over: cycle c is shifted
     * by {@code c} times the streams' span (plus a second), so each stream's time runs on, and a shifted cycle's labels
     * go to {@code labelsTopic} first (when it is not null). Returns the events published.
     */
    long publishPaced(String bootstrap, String eventsTopic, String labelsTopic, int from, int to, int parts,
                      double eventsPerSecond, int firstCycle, int cycles) throws InterruptedException {
        long events = 0;
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = Producers.create(bootstrap)) {
            for (int c = firstCycle; c < firstCycle + cycles; c++) {
                long shiftUs = c * (spanUs() + 1_000_000);
                if (shiftUs != 0 && labelsTopic != null) {
                    for (ScheduledTake t : takes) {
                        LabelSegment l = t.label();
                        producer.send(new ProducerRecord<>(labelsTopic, l.streamId(), LabelCodec.encode(new LabelSegment(
                                l.streamId(), l.classId(), l.startUs() + shiftUs, l.endUs() + shiftUs, l.learn()))));
                    }
                }
                List<Iterator<byte[]>> each = new ArrayList<>();
                for (List<byte[]> list : packets.values()) {
                    each.add(list.subList((int) ((long) list.size() * from / parts),
                            (int) ((long) list.size() * to / parts)).iterator());
                }
                for (boolean any = true; any; ) {
                    any = false;
                    for (Iterator<byte[]> it : each) {
                        if (!it.hasNext()) {
                            continue;
                        }
                        any = true;
                        byte[] bytes = it.next();
                        EventPacket p = PacketCodec.decode(bytes);
                        producer.send(new ProducerRecord<>(eventsTopic, p.sensorId(),
                                shiftUs == 0 ? bytes : PacketCodec.encode(shifted(p, shiftUs))));
                        events += p.size();
                        long wait = t0 + (long) (events / eventsPerSecond * 1e9) - System.nanoTime();
                        if (wait > 1_000_000) {
                            Thread.sleep(wait / 1_000_000);
                        }
                    }
                }
            }
        }
        return events;
    }

    private long spanUs() {
        long span = 0;
        for (List<byte[]> list : packets.values()) {
            span = Math.max(span, PacketCodec.decode(list.get(list.size() - 1)).lastTimestampUs());
        }
        return span;
    }

    private static EventPacket shifted(EventPacket p, long shiftUs) {
        EventPacket.Builder b = EventPacket.builder(p.sensorId(), p.width(), p.height(), p.size());
        for (int i = 0; i < p.size(); i++) {
            b.add(p.x(i), p.y(i), p.on(i), p.timestampUs(i) + shiftUs);
        }
        return b.build();
    }

    /** Events in every stream's packets. */
    long totalEvents() {
        long n = 0;
        for (List<byte[]> list : packets.values()) {
            for (byte[] p : list) {
                n += PacketCodec.decode(p).size();
            }
        }
        return n;
    }

    /** True once {@code group} has committed the end offset of every partition of {@code topic}. */
    static boolean committedAtEnd(String bootstrap, String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, Long> e
                    : io.nacastream.ingest.kafka.KafkaTopics.endOffsets(bootstrap, List.of(topic)).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** What the events topic holds, per stream: decoded from its records (undecodable ones are not events). */
    static Map<String, Tally> published(String bootstrap, String eventsTopic) {
        Map<String, Tally> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : SinkTopicReader.readAll(bootstrap, eventsTopic)) {
            EventPacket packet;
            try {
                packet = PacketCodec.decode(r.value());
            } catch (MalformedPacketException e) {
                continue;
            }
            out.merge(packet.sensorId(), new Tally(packet.size(), 1), (a, b) -> a.plus(b.events()));
        }
        return out;
    }

    /**
     * Asserts that the checkpoint topic holds, for every stream, a model that learned exactly the published events
     * and packets (none lost, none twice), and partition checkpoints at the end of each events partition.
     */
    static void assertLearnedExactlyOnce(String bootstrap, String eventsTopic, String checkpointTopic,
                                         Map<String, Tally> published, int partitions) throws Exception {
        try (CheckpointStore store = new KafkaCheckpointStore(bootstrap, checkpointTopic)) {
            List<Integer> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(p);
            }
            CheckpointStore.Stored stored = store.load(eventsTopic, all);
            Map<String, Tally> learned = new TreeMap<>();
            for (String stream : published.keySet()) {
                ModelCheckpoint m = store.loadModel(stream);
                assertNotNull(m, "no checkpoint of stream " + stream);
                assertEquals(stored.models().get(stream).nextOffset(), m.nextOffset(), stream);
                learned.put(stream, new Tally(m.events(), m.packets()));
            }
            assertEquals(published, learned, "events and packets learned per stream (checkpoint) vs published");
            Map<Integer, Long> ends = new TreeMap<>();
            io.nacastream.ingest.kafka.KafkaTopics.endOffsets(bootstrap, List.of(eventsTopic))
                    .forEach((tp, o) -> ends.put(tp.partition(), o));
            Map<Integer, Long> checkpointed = new TreeMap<>();
            for (PartitionCheckpoint pc : stored.partitions().values()) {
                checkpointed.put(pc.partition(), pc.eventsOffset());
            }
            assertEquals(ends, checkpointed, "partition checkpoints at the end of each events partition");
        }
    }
}
