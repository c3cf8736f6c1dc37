package io.nacastream.service.store;

import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.checkpoint.CheckpointFormatException;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointRecordsTest {

    private static ModelCheckpoint model(String stream, int partition, long next) {
        NacaConfig config = NacaConfig.builder().sizes(32, List.of(8), 11).seed(3).build();
        NacaLearner learner = new NacaLearner(config, new io.nacastream.learner.LabelBook(), 100_000);
        return new ModelCheckpoint(stream, "dvs.events", partition, next, 1234, 17, 987_654, 1_700_000_000_000L,
                Checkpoint.encode(learner.network(), learner.counts()));
    }

    private static PartitionCheckpoint partition(int p) {
        return new PartitionCheckpoint("dvs.events", p, 4711, "dvs.labels", 42,
                List.of(new LabelSegment("cam-1", 3, 1000, 2000, true), new LabelSegment("cam-2", 0, 5, 6, false)),
                1_700_000_000_001L);
    }

    @Test
    void modelAndPartitionRecordsRoundTrip() {
        ModelCheckpoint m = model("cam-1", 2, 99);
        ModelCheckpoint back = (ModelCheckpoint) CheckpointRecords.decode(CheckpointRecords.encode(m));
        assertEquals(List.of(m.streamId(), m.eventsTopic(), m.partition(), m.nextOffset(), m.events(), m.packets(),
                m.lastEventUs(), m.wallTimeMs()), List.of(back.streamId(), back.eventsTopic(), back.partition(),
                back.nextOffset(), back.events(), back.packets(), back.lastEventUs(), back.wallTimeMs()));
        assertArrayEquals(m.model(), back.model());
        NacaNetwork restored = Checkpoint.decode(back.model()).network();
        assertEquals(8, restored.config().hiddenSizes().get(0));
        assertEquals(partition(1), CheckpointRecords.decode(CheckpointRecords.encode(partition(1))));
        assertEquals("model/cam-1", CheckpointRecords.modelKey("cam-1"));
        assertEquals("partition/dvs.events/3", CheckpointRecords.partitionKey("dvs.events", 3));
    }

    @Test
    void aModelRecordCarriesItsStreamsEncoderStatesAndOlderRecordsReadWithout() {
        ModelCheckpoint plain = model("cam-1", 0, 7);
        Map<String, byte[]> encoders = new LinkedHashMap<>();
        encoders.put("cam-1", new byte[] {1, 2, 3});
        encoders.put("cam-2", new byte[0]);
        encoders.put("cam-3", new byte[] {9});
        ModelCheckpoint m = new ModelCheckpoint("cam-1", "dvs.events", 0, 7, 1, 1, 5, 6, plain.model(), encoders);
        ModelCheckpoint back = (ModelCheckpoint) CheckpointRecords.decode(CheckpointRecords.encode(m));
        assertArrayEquals(m.model(), back.model());
        assertEquals(List.of("cam-1", "cam-2", "cam-3"), List.copyOf(back.encoders().keySet()));
        for (String stream : encoders.keySet()) {
            assertArrayEquals(encoders.get(stream), back.encoders().get(stream), stream);
        }
        // a well-formed record (CRC made right) whose header claims a model longer than its body
        String text = new String(CheckpointRecords.encode(m), StandardCharsets.ISO_8859_1);
        String digits = text.replaceFirst("(?s).*\"modelBytes\":(\\d+).*", "$1");
        byte[] forged = text.replaceFirst("\"modelBytes\":\\d+", "\"modelBytes\":" + "9".repeat(digits.length()))
                .getBytes(StandardCharsets.ISO_8859_1);
        CRC32C crc = new CRC32C();
        crc.update(forged, 0, forged.length - 4);
        ByteBuffer.wrap(forged).order(ByteOrder.LITTLE_ENDIAN).putInt(forged.length - 4, (int) crc.getValue());
        assertTrue(assertThrows(CheckpointFormatException.class, () -> CheckpointRecords.decode(forged))
                .getMessage().contains("model length"));
        ModelCheckpoint old = (ModelCheckpoint) CheckpointRecords.decode(CheckpointRecords.encode(plain));
        assertTrue(old.encoders().isEmpty());
        assertArrayEquals(plain.model(), old.model());
    }

    @Test
    void damagedOrCutRecordsAreRefusedWithTheirOffset() {
        byte[] good = CheckpointRecords.encode(partition(0));
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            byte[] bad = good.clone();
            int at = random.nextInt(bad.length);
            bad[at] ^= (byte) (1 + random.nextInt(255));
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                    () -> CheckpointRecords.decode(bad), "flip at " + at);
            assertTrue(e.getMessage().contains("byte"), e.getMessage());
        }
        for (int len = 0; len < good.length; len += 7) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThrows(CheckpointFormatException.class, () -> CheckpointRecords.decode(cut), "cut at " + len);
        }
        assertThrows(CheckpointFormatException.class, () -> CheckpointRecords.decode(null));
    }

    @Test
    void directoryStoreKeepsTheNewestOfEachKeyAndIgnoresLeftoverTemporaryFiles(@TempDir Path dir) throws Exception {
        try (DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir)) {
            store.save(model("cam/1", 0, 10));
            store.save(model("cam/1", 0, 20));
            store.save(model("cam-2", 1, 30));
            store.save(partition(0));
            store.save(partition(1));
            Files.write(dir.resolve(".tmp-123.ckpt"), new byte[] {1, 2, 3});   // a crash mid-write
            store.flush();

            CheckpointStore.Stored p0 = store.load("dvs.events", List.of(0));
            assertEquals(List.of(0), List.copyOf(p0.partitions().keySet()));
            assertEquals(List.of("cam/1"), List.copyOf(p0.models().keySet()));
            assertEquals(20, p0.models().get("cam/1").nextOffset());
            assertEquals(0, p0.models().get("cam/1").model().length, "the index carries no model bytes");
            assertEquals(20, store.loadModel("cam/1").nextOffset());
            assertTrue(store.loadModel("cam/1").model().length > 0);
            assertNull(store.loadModel("cam-3"));
            assertEquals(2, store.load("dvs.events", List.of(0, 1)).models().size());
            assertTrue(store.load("other.events", List.of(0, 1)).models().isEmpty());
        }
    }
}
