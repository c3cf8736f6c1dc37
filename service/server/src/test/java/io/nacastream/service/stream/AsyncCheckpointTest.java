package io.nacastream.service.stream;

import io.nacastream.service.config.ModelScope;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.MemoryCheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import io.nacastream.service.store.PartitionCheckpoint;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Periodic checkpoints are written on the checkpoint thread: learning goes on while the store is slow, the offsets
 * are handed out only once the store has everything, one checkpoint is written at a time, and after a failed one
 * the next saves every model again.
 */
class AsyncCheckpointTest {

    /** A memory store whose flush waits for the test, or fails when told to. */
    private static final class GatedStore implements CheckpointStore {
        final MemoryCheckpointStore inner = new MemoryCheckpointStore();
        volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch flushing = new CountDownLatch(1);
        volatile boolean fail;
        volatile int modelSaves;

        @Override
        public void save(ModelCheckpoint model) {
            modelSaves++;
            inner.save(model);
        }

        @Override
        public void save(PartitionCheckpoint partition) {
            inner.save(partition);
        }

        @Override
        public void flush() {
            flushing.countDown();
            try {
                assertTrue(gate.await(30, TimeUnit.SECONDS), "the test opens the gate");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (fail) {
                fail = false;
                throw new IllegalStateException("broker unavailable");
            }
            inner.flush();
        }

        @Override
        public Stored load(String eventsTopic, Collection<Integer> partitions) {
            return inner.load(eventsTopic, partitions);
        }

        @Override
        public ModelCheckpoint loadModel(String streamId) {
            return inner.loadModel(streamId);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void learningGoesOnWhileTheStoreFlushesAndOffsetsComeOnlyOnceDurable() throws Exception {
        GatedStore store = new GatedStore();
        store.gate = new CountDownLatch(1);
        ProcessorFixture f = new ProcessorFixture(ModelScope.STREAM, 8, store);
        f.processor.handle(f.packet("s1", 0, 200));
        f.processor.handle(f.packet("s2", 0, 200));
        AtomicReference<Map<TopicPartition, Long>> committed = new AtomicReference<>();
        assertTrue(f.processor.checkpointer().checkpointAllAsync(committed::set));
        assertTrue(store.flushing.await(10, TimeUnit.SECONDS), "the checkpoint thread reached the flush");

        // the learner thread is free: it learns more while the flush is blocked, and no second checkpoint starts
        f.processor.handle(f.packet("s1", 20_000, 200));
        assertEquals(600, f.processor.refreshView().events());
        assertFalse(f.processor.checkpointer().checkpointAllAsync(committed::set), "one checkpoint at a time");
        assertNull(committed.get(), "nothing is committed before the store has it");

        store.gate.countDown();
        awaitNonNull(committed);
        assertEquals(Map.of(new TopicPartition(ProcessorFixture.EVENTS, 0), 2L), committed.get().entrySet().stream()
                .filter(e -> e.getKey().topic().equals(ProcessorFixture.EVENTS))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "the offsets of the moment the state was copied, not of the packet learned since");
        ModelCheckpoint s1 = store.inner.loadModel("s1");
        assertNotNull(s1);
        assertEquals(200, s1.events(), "the snapshot, not the model as it learned on");
    }

    @Test
    void afterAFailedCheckpointNothingIsCommittedAndTheNextSavesEveryModel() throws Exception {
        GatedStore store = new GatedStore();
        store.fail = true;
        ProcessorFixture f = new ProcessorFixture(ModelScope.STREAM, 8, store);
        f.processor.handle(f.packet("s1", 0, 200));
        f.processor.handle(f.packet("s2", 0, 200));
        AtomicReference<Map<TopicPartition, Long>> committed = new AtomicReference<>();
        assertTrue(f.processor.checkpointer().checkpointAllAsync(committed::set));
        f.processor.checkpointer().awaitWrites();
        assertNull(committed.get(), "a failed checkpoint commits nothing");
        assertEquals(2, store.modelSaves);

        f.processor.handle(f.packet("s1", 20_000, 200));   // only s1 learned since
        assertTrue(f.processor.checkpointer().checkpointAllAsync(committed::set));
        awaitNonNull(committed);
        assertEquals(4, store.modelSaves, "both models saved again, not only the one that learned");
        assertEquals(400, store.inner.loadModel("s1").events());
        assertEquals(200, store.inner.loadModel("s2").events());
    }

    private static void awaitNonNull(AtomicReference<?> ref) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ref.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertNotNull(ref.get(), "delivered within 10 s");
    }
}
