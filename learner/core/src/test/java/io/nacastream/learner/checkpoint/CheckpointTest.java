package io.nacastream.learner.checkpoint;

import io.nacastream.encoder.InputGrid;
import io.nacastream.encoder.Roi;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {

    private static final NacaConfig CONFIG = NacaConfig.builder().sizes(64, List.of(24, 12), 5)
            .mode(NacaConfig.Mode.TICK).tickUs(5_000).learningRates(0.01f, 0.01f).mask(0.5f, 50_000).seed(11)
            .weightBound(0.3f).build();

    /** {@code n} spikes of {@code stream} on 64 inputs, 100 µs apart from {@code from}, drawn with {@code seed}. */
    static SpikeTrain train(String stream, long from, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] in = new int[n];
        long[] t = new long[n];
        for (int k = 0; k < n; k++) {
            in[k] = r.nextInt(64);
            t[k] = from + 100L * k;
        }
        return SpikeTrain.of(stream, in, t);
    }

    private static LabelBook labels() {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 3, 0, 400_000, true));
        book.add(new LabelSegment("s", 1, 400_000, 800_000, true));
        return book;
    }

    @Test
    void theSchemaRecordsTheInputGridRegionAndClassNames(@TempDir Path dir) throws IOException {
        NacaNetwork net = new NacaNetwork(CONFIG);
        ModelSchema schema = new ModelSchema(new InputGrid(8, 4, Optional.of(new Roi(10, 20, 300, 200))),
                new ClassNames(List.of("a", "b", "c", "d", "e")));
        Path file = dir.resolve("m.ckpt");
        Checkpoint.write(net, new NacaLearner(net, new LabelBook(), 1, true).counts(), schema, file);
        Checkpoint.Model back = Checkpoint.read(file);
        assertEquals(Optional.of(schema), back.schema());
        assertEquals(Optional.empty(), Checkpoint.decode(Checkpoint.encode(net, back.counts())).schema());
        ModelSchema otherGrid = new ModelSchema(new InputGrid(4, 8, Optional.empty()), schema.classes());
        assertTrue(schema.mismatch(otherGrid).contains("input grid is 8x4 roi 10,20,300,200"),
                schema.mismatch(otherGrid));
        assertEquals(null, schema.mismatch(schema));
        ModelSchema wrongSize = new ModelSchema(InputGrid.DEFAULT, ClassNames.numbered(5));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.encode(net, back.counts(), wrongSize));
    }

    @Test
    void aSegmentRecordedButNotYetLearnedIsSavedAndLearnedAfterARestore() {
        NacaConfig config = CONFIG.toBuilder().mask(0f, 50_000).build();
        NacaLearner original = new NacaLearner(config, labels(), 50_000);
        original.process(train("s", 0, 3000, 1), new Recorder());   // 0-300 ms of the segment [0, 400 ms)
        assertEquals(1, original.pending().size());
        byte[] saved = Checkpoint.encode(original.network(), original.counts(), null, original.pending());
        Checkpoint.Model model = Checkpoint.decode(saved);
        assertEquals(original.pending().get(0).segment(), model.pending().get(0).segment());
        assertArrayEquals(original.pending().get(0).timesUs(), model.pending().get(0).timesUs());
        assertArrayEquals(original.pending().get(0).inputs(), model.pending().get(0).inputs());
        for (int i = 0; i < 64; i++) {
            assertArrayEquals(original.network().weights(0)[i], model.network().weights(0)[i], 0f,
                    "nothing learned yet: the segment's verdict is not in");
        }
        float[][] before = model.network().weights(0);
        NacaLearner restored = new NacaLearner(model.network(), labels(), 50_000, true);
        restored.restoreCounts(model.counts());
        model.pending().forEach(restored::restorePending);
        SpikeTrain rest = train("s", 300_000, 990, 2);              // 300-399 ms, still in the segment
        original.process(rest, new Recorder());
        restored.process(rest, new Recorder());
        original.finish(new Recorder());
        restored.finish(new Recorder());
        boolean learned = false;
        for (int i = 0; i < 64; i++) {
            assertArrayEquals(original.network().weights(0)[i], restored.network().weights(0)[i], 0f);
            learned |= !Arrays.equals(original.network().weights(0)[i], before[i]);
        }
        assertTrue(learned, "the whole segment, before and after the restore, was learned");
        assertTrue(restored.pending().isEmpty());
        assertTrue(Checkpoint.decode(Checkpoint.encode(restored.network(), restored.counts())).pending().isEmpty());
    }

    @Test
    void aRestoredModelContinuesExactlyAsTheOriginal(@TempDir Path dir) throws IOException {
        NacaLearner original = new NacaLearner(CONFIG, labels(), 50_000);
        original.process(train("s", 0, 3000, 1), new Recorder());
        Path file = dir.resolve("model.ckpt");
        Checkpoint.write(original.network(), original.counts(), file);

        Checkpoint.Model model = Checkpoint.read(file);
        assertEquals(CONFIG, model.network().config());
        assertEquals(original.counts(), model.counts());
        for (int l = 0; l < 3; l++) {
            for (int i = 0; i < CONFIG.preSize(l); i++) {
                assertArrayEquals(original.network().weights(l)[i], model.network().weights(l)[i], 0f);
            }
        }
        for (int l = 0; l < 2; l++) {
            for (int c = 0; c < 5; c++) {
                assertArrayEquals(original.network().modulation(l).forClass(c),
                        model.network().modulation(l).forClass(c), 0f);
            }
        }
        // Both learn from the same new stream (fresh neuron state on a new stream id): identical weights after.
        NacaLearner restored = new NacaLearner(model.network(), labels(), 50_000, true);
        restored.restoreCounts(model.counts());
        SpikeTrain next = train("s2", 0, 2000, 2);
        original.process(next, new Recorder());
        restored.process(next, new Recorder());
        for (int i = 0; i < 64; i++) {
            assertArrayEquals(original.network().weights(0)[i], restored.network().weights(0)[i], 0f);
        }
        assertEquals(original.counts().events(), restored.counts().events());
    }

    @Test
    void corruptTruncatedAndForeignBytesAreRejectedWithTheOffset() {
        NacaNetwork net = new NacaNetwork(CONFIG);
        byte[] good = Checkpoint.encode(net, new NacaLearner(net, new LabelBook(), 1, true).counts());
        assertEquals("NACACKPT", new String(good, 0, 8, StandardCharsets.US_ASCII));

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.decode(flipped));
        assertTrue(e.getMessage().contains("CRC-32C"), e.getMessage());
        assertEquals(good.length - 4, e.offset());

        for (int cut : new int[] {0, 7, 19, good.length / 3, good.length - 1}) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(CheckpointFormatException.class, () -> Checkpoint.decode(truncated), "cut at " + cut);
        }
        byte[] foreign = good.clone();
        foreign[0] = 'X';
        assertEquals(0, assertThrows(CheckpointFormatException.class, () -> Checkpoint.decode(foreign)).offset());
        byte[] future = good.clone();
        future[8] = 9;
        assertTrue(assertThrows(CheckpointFormatException.class, () -> Checkpoint.decode(future)).getMessage()
                .contains("version 9"));
    }

    @Test
    void aCheckpointFromBeforeTheWeightBoundReadsAsUnbounded() {
        NacaNetwork net = new NacaNetwork(CONFIG);
        byte[] current = Checkpoint.encode(net, new NacaLearner(net, new LabelBook(), 1, true).counts());
        ByteBuffer in = ByteBuffer.wrap(current).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = in.getInt(12);
        String header = new String(current, 16, headerLength, StandardCharsets.UTF_8);
        String field = ",\"weightBound\":0.3";
        String readout = ",\"readout\":\"SPIKES\",\"readoutRidge\":0.1";   // added later still: absent as well
        assertTrue(header.contains(field) && header.contains(readout), header);
        byte[] oldHeader = header.replace(field, "").replace(readout, "").getBytes(StandardCharsets.UTF_8);
        int rest = current.length - 16 - headerLength - 4;
        ByteBuffer old = ByteBuffer.allocate(16 + oldHeader.length + rest + 4).order(ByteOrder.LITTLE_ENDIAN);
        old.put(current, 0, 12).putInt(oldHeader.length).put(oldHeader).put(current, 16 + headerLength, rest);
        CRC32C crc = new CRC32C();
        crc.update(old.array(), 0, old.position());
        old.putInt((int) crc.getValue());

        Checkpoint.Model model = Checkpoint.decode(old.array());
        assertEquals(0f, model.network().config().weightBound(), "written before the bound: learned unbounded");
        assertEquals(NacaConfig.Readout.SPIKES, model.network().config().readout(), "and read out by spikes");
        assertEquals(CONFIG.toBuilder().weightBound(0f).build(), model.network().config());
        assertEquals(0.3f, Checkpoint.decode(current).network().config().weightBound());
    }

    @Test
    void readErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("broken.ckpt");
        Files.write(bad, new byte[40]);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.read(bad));
        assertTrue(e.getMessage().contains("broken.ckpt") && e.getMessage().contains("at byte 0"), e.getMessage());
    }
}
