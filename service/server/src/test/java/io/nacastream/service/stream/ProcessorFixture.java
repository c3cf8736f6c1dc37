package io.nacastream.service.stream;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.InputGrid;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.kafka.RecordOrigin;
import io.nacastream.ingest.kafka.StreamItem;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.checkpoint.ModelSchema;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.service.config.ModelScope;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.MemoryCheckpointStore;
import io.nacastream.sink.SinkTopics;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * A stream processor on real parts (a small NACA network, the real encoder, an in-memory checkpoint store, the sink
 * writer on kafka-clients' MockProducer), with records built as the decoder builds them.
 */
final class ProcessorFixture {

    static final String EVENTS = "events";
    static final String LABELS = "labels";
    static final ClassNames CLASSES = ClassNames.parse("a,b,c");
    static final EncoderConfig ENCODER = new EncoderConfig(InputGrid.parse("8x8", ""), 0, 0, 0);
    static final NacaConfig NACA = NacaConfig.builder().sizes(ENCODER.inputCount(), List.of(16), CLASSES.count())
            .neuron(0.2f, 0.2f).readout(NacaConfig.Readout.RIDGE, 0.1).seed(5).build();

    final CheckpointStore store;
    final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    final SinkWriter sink = new SinkWriter(producer, new SinkTopics("predictions", "energy", "dead"), CLASSES);
    final MutableClock clock = new MutableClock();
    final StreamProcessor processor;
    private final long[] next = new long[2];

    ProcessorFixture(ModelScope scope, int maxLive) {
        this(scope, maxLive, new MemoryCheckpointStore());
    }

    /** A processor saving to (and restoring from) {@code store}, owning partition 0 as {@code store} left it. */
    ProcessorFixture(ModelScope scope, int maxLive, CheckpointStore store) {
        this.store = store;
        NacaModels models = new NacaModels(BaseModels.load(NACA, new ModelSchema(ENCODER.grid(), CLASSES), Optional.empty(), ""),
                50_000, true, 10_000);
        processor = StreamProcessor.builder(new StreamProcessor.Settings(EVENTS, LABELS, scope, maxLive,
                60_000_000L, 3, 1), ENCODER, models, store, sink, clock).orphanTimeoutMs(10_000).build();
        var saved = store.load(EVENTS, List.of(0));
        var partition = saved.partitions().get(0);
        processor.partitions().install(new TopicPartition(EVENTS, 0), new TopicPartition(LABELS, 0),
                partition == null ? 0 : partition.eventsOffset(), partition == null ? 0 : partition.labelsOffset(),
                0, 0, partition, saved.models().values());
    }

    /** Continues offsets from {@code events} and {@code labels} (a consumer that seeked there). */
    ProcessorFixture at(long events, long labels) {
        next[0] = events;
        next[1] = labels;
        return this;
    }

    /** A wall clock the test moves. */
    static final class MutableClock extends Clock {
        long millis = 1_000_000;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A packet of {@code n} events of stream {@code stream} from {@code fromUs}, 100 µs apart, at the next offset. */
    StreamItem.Packet packet(String stream, long fromUs, int n) {
        EventPacket.Builder b = EventPacket.builder(stream, 128, 128, n);
        for (int i = 0; i < n; i++) {
            b.add((i * 37) % 128, (i * 11) % 128, i % 2 == 0, fromUs + 100L * i);
        }
        return new StreamItem.Packet(b.build(), stream.getBytes(), new byte[0],
                new RecordOrigin(EVENTS, 0, next[0]++, clock.millis()));
    }

    /** A label of class {@code classId} over [startUs, endUs) of {@code stream}, learned or held out. */
    StreamItem.Label label(String stream, int classId, long startUs, long endUs, boolean learn) {
        return new StreamItem.Label(new LabelSegment(stream, classId, startUs, endUs, learn), stream.getBytes(),
                new byte[0], new RecordOrigin(LABELS, 0, next[1]++, clock.millis()));
    }

    /** Records sent to {@code topic}. */
    List<ProducerRecord<String, byte[]>> sent(String topic) {
        return producer.history().stream().filter(r -> r.topic().equals(topic)).toList();
    }
}
