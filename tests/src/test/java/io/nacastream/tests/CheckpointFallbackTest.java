package io.nacastream.tests;

import io.nacastream.ingest.kafka.Producers;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaNetwork;
import io.nacastream.service.store.CheckpointRecords;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.KafkaCheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Corrupt and incompatible checkpoints on the real checkpoint topic: a damaged record is skipped when the topic is
 * read, and a model the reader refuses falls back to the stream's previous good checkpoint still in the topic.
 */
@ExtendWith(SharedBroker.class)
class CheckpointFallbackTest {

    private static final String TOPIC = "fallback.checkpoints";

    @Test
    void aCorruptOrRefusedCheckpointFallsBackToThePreviousGoodOne() throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        NacaNetwork small = new NacaNetwork(NacaConfig.builder().sizes(8, List.of(4), 3).seed(1).build());
        NacaNetwork other = new NacaNetwork(NacaConfig.builder().sizes(6, List.of(4), 3).seed(1).build());
        try (CheckpointStore store = new KafkaCheckpointStore(bootstrap, TOPIC)) {
            store.save(model(100, Checkpoint.encode(small, OpCounts.NONE)));    // good
            store.save(model(200, Checkpoint.encode(other, OpCounts.NONE)));    // decodes, wrong input count
            store.flush();
        }
        byte[] damaged = CheckpointRecords.encode(model(300, Checkpoint.encode(small, OpCounts.NONE)));
        damaged[damaged.length / 2] ^= 0x40;   // envelope CRC no longer matches
        byte[] badModel = CheckpointRecords.encode(model(400, new byte[] {1, 2, 3, 4}));   // envelope fine, model not
        try (KafkaProducer<String, byte[]> p = Producers.create(bootstrap)) {
            p.send(new ProducerRecord<>(TOPIC, 0, CheckpointRecords.modelKey("cam"), damaged)).get();
            p.send(new ProducerRecord<>(TOPIC, 0, CheckpointRecords.modelKey("cam"), badModel)).get();
        }

        try (CheckpointStore store = new KafkaCheckpointStore(bootstrap, TOPIC)) {   // a restarted service
            CheckpointStore.Stored stored = store.load("fallback.events", List.of(0));
            assertEquals(400, stored.models().get("cam").events(), "the damaged record is skipped when indexing");
            List<Long> tried = new ArrayList<>();
            ModelCheckpoint chosen = store.loadModel("cam", m -> {
                tried.add(m.events());
                try {
                    return Checkpoint.decode(m.model()).network().config().preSize(0) == 8;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            assertEquals(List.of(400L, 200L, 100L), tried, "newest first, the damaged one never offered");
            assertEquals(100, chosen.events());
            assertNull(store.loadModel("cam", m -> false), "nothing usable: null, the caller starts afresh");
            assertNull(store.loadModel("nobody", m -> true));
            assertEquals(400, store.loadModel("cam").events(), "without a check: the newest readable");
        }
    }

    private static ModelCheckpoint model(long events, byte[] bytes) {
        return new ModelCheckpoint("cam", "fallback.events", 0, events, events, events / 10, events * 1000,
                System.currentTimeMillis(), bytes);
    }
}
