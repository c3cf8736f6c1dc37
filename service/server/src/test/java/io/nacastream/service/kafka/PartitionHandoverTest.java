package io.nacastream.service.kafka;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.InputGrid;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.kafka.RecordOrigin;
import io.nacastream.ingest.kafka.RejectKind;
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
import io.nacastream.service.stream.PartitionState;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    private final MockProducer<String, byte[]> sent = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private StreamProcessor processor;

    @AfterEach
    void stop() {
        learnerThread.dispose();
    }

    private final List<Map<TopicPartition, Long>> handoverCommits = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Set<Integer>> lostToGroup = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A hand-over under exactly-once: its commits and lost partitions are recorded here. */
    private PartitionHandover exactlyOnce(Duration timeout) {
        PartitionHandover plain = handover(timeout);
        return new PartitionHandover("events", "labels", processor, store, learnerThread, owned::set, lag::set,
                timeout, new PartitionHandover.Transactional() {
                    @Override
                    public void commitHandover(Map<TopicPartition, Long> released) {
                        handoverCommits.add(released);
                    }

                    @Override
                    public void partitionsLost(Set<Integer> partitions) {
                        lostToGroup.add(partitions);
                    }
                });
    }

    private PartitionHandover handover(Duration timeout) {
        NacaConfig naca = NacaConfig.builder().sizes(ENCODER.inputCount(), List.of(16), CLASSES.count()).seed(5)
                .build();
        NacaModels models = new NacaModels(BaseModels.load(naca, new ModelSchema(ENCODER.grid(), CLASSES), Optional.empty(), ""),
                50_000, true, 10_000);
        SinkWriter sink = new SinkWriter(sent, new SinkTopics("p", "e", "d"), CLASSES);
        processor = StreamProcessor.builder(new StreamProcessor.Settings("events", "labels", ModelScope.STREAM, 8,
                60_000_000L, 3, 1), ENCODER, models, store, sink, Clock.systemUTC()).build();
        consumer.assign(List.of(EVENTS, LABELS));
        consumer.updateBeginningOffsets(Map.of(EVENTS, 0L, LABELS, 0L));
        consumer.updateEndOffsets(Map.of(EVENTS, 20L, LABELS, 4L));
        return new PartitionHandover("events", "labels", processor, store, learnerThread, owned::set, lag::set,
                timeout);
    }

    private static StreamItem rejected(long offset) {
        return new StreamItem.Rejected(RejectKind.MALFORMED_PACKET, "test", null, new byte[] {1},
                new RecordOrigin("events", 0, offset, System.currentTimeMillis()));
    }

    private void learn(long offset) throws InterruptedException {
        EventPacket.Builder b = EventPacket.builder("cam", 128, 128, 100);
        for (int i = 0; i < 100; i++) {
            b.add(i, i, true, offset * 10_000 + 50L * i);
        }
        handle(new StreamItem.Packet(b.build(), null, new byte[0],
                new RecordOrigin("events", 0, offset, System.currentTimeMillis())));
    }

    private void handle(StreamItem p) throws InterruptedException {
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

    @Test
    void exactlyOnceRecordsBelowTheCommittedOffsetsAreReplayedWithoutPublishing() throws Exception {
        store.save(new PartitionCheckpoint("events", 0, 1, "labels", 0, List.of(), 1));
        PartitionHandover h = exactlyOnce(Duration.ofSeconds(5));
        consumer.commitSync(Map.of(EVENTS, new OffsetAndMetadata(3), LABELS, new OffsetAndMetadata(2)));
        h.assigned(consumer, List.of(EVENTS, LABELS));
        assertEquals(1, consumer.position(EVENTS), "resumes at the checkpoint, behind the committed offset");
        PartitionState ps = processor.partitions().get(0);
        assertEquals(Map.of(EVENTS, 3L, LABELS, 2L), ps.offsets(), "never commits below what was committed");
        handle(rejected(1));
        handle(rejected(2));
        assertEquals(0, sent.history().size(), "records 1 and 2 had their outputs committed: nothing published");
        handle(rejected(3));
        assertEquals(1, sent.history().size(), "record 3 is new: its dead letter is published");
        assertEquals(Map.of(EVENTS, 4L, LABELS, 2L), ps.offsets());
    }

    @Test
    void exactlyOnceWithoutACheckpointAPartitionIsRebuiltFromItsFirstRecord() {
        PartitionHandover h = exactlyOnce(Duration.ofSeconds(5));
        consumer.commitSync(Map.of(EVENTS, new OffsetAndMetadata(7)));
        consumer.updateBeginningOffsets(Map.of(EVENTS, 2L, LABELS, 0L));
        h.assigned(consumer, List.of(EVENTS, LABELS));
        assertEquals(2, consumer.position(EVENTS), "the committed offset runs ahead of any state saved");
        assertEquals(Map.of(EVENTS, 7L, LABELS, 0L), processor.partitions().get(0).offsets());
    }

    @Test
    void exactlyOnceHandOverCommitsInTheTransactionNotThroughTheConsumer() throws Exception {
        PartitionHandover h = exactlyOnce(Duration.ofSeconds(5));
        h.assigned(consumer, List.of(EVENTS, LABELS));
        learn(0);
        learn(1);
        h.commitLater(Map.of(EVENTS, 1L));
        h.betweenPolls(consumer);
        assertNull(consumer.committed(Set.of(EVENTS)).get(EVENTS), "no offset commit outside the transaction");
        h.revoked(consumer, List.of(EVENTS, LABELS), Map.of(EVENTS, 2L));
        assertEquals(List.of(Map.of(EVENTS, 2L, LABELS, 0L)), handoverCommits);
        assertNull(consumer.committed(Set.of(EVENTS)).get(EVENTS));
        assertEquals(2, store.loadModel("cam").nextOffset());
        assertNull(processor.partitions().get(0));
    }

    @Test
    void exactlyOnceLostPartitionsSendTheInstanceBackToItsLastCommitAndARetiredHandOverIgnoresItsConsumer() {
        PartitionHandover h = exactlyOnce(Duration.ofSeconds(5));
        h.assigned(consumer, List.of(EVENTS, LABELS));
        h.lost(List.of(EVENTS, LABELS));
        assertEquals(List.of(Set.of(0)), lostToGroup);
        h.retire();
        h.lost(List.of(EVENTS, LABELS));
        h.revoked(consumer, List.of(EVENTS, LABELS), Map.of(EVENTS, 0L));
        assertEquals(1, lostToGroup.size());
        assertTrue(handoverCommits.isEmpty());
        assertFalse(h.consumerClosed().isDone());
        h.closed();
        assertTrue(h.consumerClosed().isDone());
    }

    @Test
    void exactlyOnceAHandOverThatFailsSendsTheInstanceBackToItsLastCommit() throws Exception {
        PartitionHandover h = exactlyOnce(Duration.ofMillis(300));
        h.assigned(consumer, List.of(EVENTS, LABELS));
        learn(0);
        h.revoked(consumer, List.of(EVENTS, LABELS), Map.of(EVENTS, 7L));   // records 1..6 never arrive
        assertTrue(handoverCommits.isEmpty(), "nothing committed");
        assertEquals(List.of(Set.of(0)), lostToGroup, "the open transaction must not commit: back to the last commit");
        assertNull(consumer.committed(Set.of(EVENTS)).get(EVENTS));
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
