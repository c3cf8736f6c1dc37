package io.nacastream.service.kafka;

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
import io.nacastream.service.store.MemoryCheckpointStore;
import io.nacastream.service.store.PartitionCheckpoint;
import io.nacastream.service.stream.BaseModels;
import io.nacastream.service.stream.NacaModels;
import io.nacastream.service.stream.StreamProcessor;
import io.nacastream.sink.SinkTopics;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partition hand-over on kafka-clients' MockConsumer (no broker): restore and seek on assignment; on revocation wait
 * for the learner, checkpoint, then commit; never commit what was not saved; forget lost partitions.
 */
@Timeout(30)
class PartitionHandoverTest {

    private static final TopicPartition EVENTS = new TopicPartition("events", 0);
    private static final TopicPartition LABELS = new TopicPartition("labels", 0);
    private static final ClassNames CLASSES = ClassNames.parse("a,b,c");
    private static final EncoderConfig ENCODER = new EncoderConfig(InputGrid.parse("8x8", ""), 0, 0, 0);

    private final Scheduler learnerThread = Schedulers.newSingle("test-learner");
    private final MemoryCheckpointStore store = new MemoryCheckpointStore();
    private final WokenConsumer consumer = new WokenConsumer();
    private final AtomicInteger owned = new AtomicInteger(-1);
    private final AtomicLong lag = new AtomicLong(-1);
    private StreamProcessor processor;

    @AfterEach
    void stop() {
        learnerThread.dispose();
    }

    private PartitionHandover handover(Duration timeout) {
        NacaConfig naca = NacaConfig.builder().sizes(ENCODER.inputCount(), List.of(16), CLASSES.count()).seed(5)
                .build();
        NacaModels models = new NacaModels(BaseModels.load(naca, new ModelSchema(ENCODER.grid(), CLASSES), Optional.empty(), ""),
                50_000, true, 10_000);
        SinkWriter sink = new SinkWriter(new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()), new SinkTopics("p", "e", "d"), CLASSES);
        processor = StreamProcessor.builder(new StreamProcessor.Settings("events", "labels", ModelScope.STREAM, 8,
                60_000_000L, 3, 1), ENCODER, models, store, sink, Clock.systemUTC()).build();
        consumer.assign(List.of(EVENTS, LABELS));
        consumer.updateBeginningOffsets(Map.of(EVENTS, 0L, LABELS, 0L));
        consumer.updateEndOffsets(Map.of(EVENTS, 20L, LABELS, 4L));
        return new PartitionHandover("events", "labels", processor, store, learnerThread, owned::set, lag::set,
                timeout);
    }

    private void learn(long offset) throws InterruptedException {
        EventPacket.Builder b = EventPacket.builder("cam", 128, 128, 100);
        for (int i = 0; i < 100; i++) {
            b.add(i, i, true, offset * 10_000 + 50L * i);
        }
        StreamItem.Packet p = new StreamItem.Packet(b.build(), null, new byte[0],
                new RecordOrigin("events", 0, offset, System.currentTimeMillis()));
        CountDownLatch done = new CountDownLatch(1);
        learnerThread.schedule(() -> {
            processor.handle(p);
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    @Test
    void anAssignedPartitionResumesWhereItsCheckpointSaysWithItsPendingLabels() {
        store.save(new PartitionCheckpoint("events", 0, 5, "labels", 2,
                List.of(new LabelSegment("cam", 1, 0, 1_000_000, true)), 1));
        PartitionHandover h = handover(Duration.ofSeconds(5));
        h.assigned(consumer, List.of(EVENTS, LABELS));
        assertEquals(5, consumer.position(EVENTS));
        assertEquals(2, consumer.position(LABELS));
        assertNotNull(processor.partitions().get(0));
        assertEquals(5, processor.partitions().get(0).next(EVENTS));
        assertEquals(1, owned.get());
        assertTrue(h.joined());
    }

    @Test
    void revocationWaitsForTheLearnerSavesThenCommitsWhatWasSaved() throws Exception {
        PartitionHandover h = handover(Duration.ofSeconds(5));
        h.assigned(consumer, List.of(EVENTS, LABELS));
        learn(0);
        learn(1);
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(200);
                learn(2);   // the record emitted last reaches the learner only after revocation began
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        late.start();
        h.revoked(consumer, List.of(EVENTS, LABELS), Map.of(EVENTS, 3L));
        late.join();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(EVENTS, LABELS));
        assertEquals(3, committed.get(EVENTS).offset(), "committed after the last emitted record was learned");
        assertEquals(0, committed.get(LABELS).offset());
        assertEquals(3, store.loadModel("cam").nextOffset(), "the model was saved with what it holds");
        assertEquals(300, store.loadModel("cam").events());
        assertNull(processor.partitions().get(0), "the partition is handed away");
        assertEquals(0, owned.get());
    }

    @Test
    void aLearnerThatDoesNotCatchUpInTimeCommitsNothingAndForgetsThePartition() throws Exception {
        PartitionHandover h = handover(Duration.ofMillis(300));
        h.assigned(consumer, List.of(EVENTS, LABELS));
        learn(0);
        h.revoked(consumer, List.of(EVENTS, LABELS), Map.of(EVENTS, 7L));   // records 1..6 never arrive
        assertNull(consumer.committed(Set.of(EVENTS)).get(EVENTS), "nothing committed: the store says where to "
                + "resume");
        awaitDropped();
        assertNull(store.loadModel("cam"), "nothing saved that the commit would contradict");
    }

    @Test
    void lostPartitionsAreForgottenWithoutSavingOrCommitting() throws Exception {
        PartitionHandover h = handover(Duration.ofSeconds(5));
        h.assigned(consumer, List.of(EVENTS, LABELS));
        learn(0);
        h.lost(List.of(EVENTS, LABELS));
        awaitDropped();
        assertNull(store.loadModel("cam"));
        assertNull(consumer.committed(Set.of(EVENTS)).get(EVENTS));
    }

    @Test
    void offsetsOfPeriodicCheckpointsAreCommittedBetweenPollsAndTheLagSampled() throws Exception {
        PartitionHandover h = handover(Duration.ofSeconds(5));
        h.assigned(consumer, List.of(EVENTS, LABELS));
        learn(0);
        Map<TopicPartition, Long> saved = new HashMap<>();
        CountDownLatch done = new CountDownLatch(1);
        learnerThread.schedule(() -> {
            saved.putAll(processor.checkpointer().checkpointAll());
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        h.commitLater(saved);
        assertNull(consumer.committed(Set.of(EVENTS)).get(EVENTS), "not before the poll thread's turn");
        h.betweenPolls(consumer);
        assertEquals(1, consumer.committed(Set.of(EVENTS)).get(EVENTS).offset());
        assertEquals(24, lag.get(), "end offsets 20 + 4, nothing read yet");
    }

    @Test
    void aWakeUpMeantForThePollDoesNotFailTheHandOver() throws Exception {
        PartitionHandover h = handover(Duration.ofSeconds(5));
        h.assigned(consumer, List.of(EVENTS, LABELS));
        learn(0);
        consumer.wakeUpNextCommit = true;   // KafkaFlux wakes the consumer when downstream asks for more
        h.revoked(consumer, List.of(EVENTS, LABELS), Map.of(EVENTS, 1L));
        assertEquals(1, consumer.committed(Set.of(EVENTS)).get(EVENTS).offset(), "committed after all");
        assertNull(processor.partitions().get(0));
    }

    /** MockConsumer whose next commit is cut short by a wake-up, as a real consumer's blocking calls are. */
    private static final class WokenConsumer extends MockConsumer<byte[], byte[]> {
        boolean wakeUpNextCommit;

        WokenConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (wakeUpNextCommit) {
                wakeUpNextCommit = false;
                throw new WakeupException();
            }
            super.commitSync(offsets);
        }
    }

    private void awaitDropped() throws InterruptedException {
        for (int i = 0; i < 500 && processor.partitions().get(0) != null; i++) {
            Thread.sleep(10);
        }
        assertNull(processor.partitions().get(0), "the partition was forgotten");
    }
}
