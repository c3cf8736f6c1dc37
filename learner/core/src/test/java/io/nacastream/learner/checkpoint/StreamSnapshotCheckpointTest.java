package io.nacastream.learner.checkpoint;

import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.PendingSegment;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.StreamSnapshot;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint with the streams' state (version 2): a learner restored from it mid-stream, mid-segment, goes on
 * exactly as the one never stopped: the same predictions, verdicts, weights and counts, in every mode.
 */
class StreamSnapshotCheckpointTest {

    /** The learner configurations: the service's kind of default, and the two with a plastic hidden layer. */
    enum Kind {
        /** Event mode, fixed hidden layer, ridge readout, plasticity mask (the service's default shape). */
        EVENT_RIDGE(NacaConfig.builder().sizes(64, List.of(32), 5).mode(NacaConfig.Mode.EVENT)
                .learningRates(0f, 0.01f).neuron(0.2f, 0.2f).mask(0.5f, 50_000)
                .readout(NacaConfig.Readout.RIDGE, 0.1).seed(5).build()),
        /** Event mode, the hidden rule on, the output layer's spikes as readout (segments replayed to learn). */
        EVENT_PLASTIC(NacaConfig.builder().sizes(64, List.of(24), 5).mode(NacaConfig.Mode.EVENT)
                .learningRates(0.01f, 0.01f).neuron(0.2f, 0.2f).mask(0.5f, 50_000).seed(6).build()),
        /** Tick mode, two hidden layers, the hidden rule on. */
        TICK_PLASTIC(NacaConfig.builder().sizes(64, List.of(24, 12), 5).mode(NacaConfig.Mode.TICK).tickUs(5_000)
                .learningRates(0.01f, 0.01f).mask(0.5f, 50_000).seed(11).weightBound(0.3f).build());

        final NacaConfig config;

        Kind(NacaConfig config) {
            this.config = config;
        }
    }

    private static LabelBook labels() {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", 3, 0, 400_000, true));
        book.add(new LabelSegment("s", 1, 400_000, 800_000, true));
        book.add(new LabelSegment("u", 2, 100_000, 600_000, true));
        return book;
    }

    /** The first part of both streams: it ends inside a labelled segment of each. */
    private static void firstPart(NacaLearner learner, Recorder out) {
        learner.process(CheckpointTest.train("s", 0, 2300, 1), out);
        learner.process(CheckpointTest.train("u", 0, 1800, 2), out);
    }

    private static void secondPart(NacaLearner learner, Recorder out) {
        learner.process(CheckpointTest.train("s", 230_000, 3000, 3), out);
        learner.process(CheckpointTest.train("u", 180_000, 4500, 4), out);
    }

    private static String text(Recorder r) {
        return r.predictions.stream().map(StreamSnapshotCheckpointTest::text).collect(Collectors.joining("\n"))
                + "\n" + r.segments;
    }

    private static String text(Prediction p) {
        return p.streamId() + " " + p.timestampUs() + " " + p.predicted() + " " + p.label() + " "
                + Arrays.toString(p.scores());
    }

    /** The learner saved after the first part, restored from bytes, optionally with its streams' state. */
    private static NacaLearner restored(NacaLearner saved, boolean withStreams) {
        byte[] bytes = Checkpoint.encode(saved.network(), saved.counts(), null, saved.pending(),
                withStreams ? saved.streamSnapshots() : List.of());
        Checkpoint.Model m = Checkpoint.decode(bytes);
        NacaLearner back = new NacaLearner(m.network(), labels(), 20_000, true);
        back.restoreCounts(m.counts());
        m.pending().forEach(back::restorePending);
        m.streams().forEach(back::restoreStream);
        return back;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aLearnerRestoredMidSegmentGoesOnExactlyAsTheOneNeverStopped(Kind kind) {
        NacaLearner uninterrupted = new NacaLearner(new NacaNetwork(kind.config), labels(), 20_000, true);
        firstPart(uninterrupted, new Recorder());
        Recorder expected = new Recorder();
        secondPart(uninterrupted, expected);

        NacaLearner before = new NacaLearner(new NacaNetwork(kind.config), labels(), 20_000, true);
        firstPart(before, new Recorder());
        assertEquals(2, before.streamSnapshots().size());
        NacaLearner after = restored(before, true);
        Recorder actual = new Recorder();
        secondPart(after, actual);

        assertTrue(expected.predictions.size() > 20 && expected.segments.size() >= 2,
                expected.predictions.size() + " predictions, " + expected.segments.size() + " verdicts");
        assertEquals(text(expected), text(actual));
        for (int l = 0; l < kind.config.hiddenLayers() + 1; l++) {
            float[][] a = uninterrupted.network().weights(l);
            float[][] b = after.network().weights(l);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], 0f, "layer " + l + " row " + i);
            }
        }
        assertEquals(uninterrupted.counts().layers(), after.counts().layers());
        assertEquals(uninterrupted.counts().events(), after.counts().events());
        for (int l = 0; l < kind.config.hiddenLayers(); l++) {
            for (int j = 0; j < kind.config.postSize(l); j += 3) {
                assertEquals(uninterrupted.potential("s", l, j), after.potential("s", l, j), 0f);
            }
        }

        // Without the streams' state (a version-1 checkpoint) the restored learner starts its neurons from rest.
        Recorder fromRest = new Recorder();
        secondPart(restored(before, false), fromRest);
        assertNotEquals(text(expected), text(fromRest));
    }

    @Test
    void aStateWrittenForAnotherConfigurationIsRefusedWithTheReason() {
        NacaLearner small = new NacaLearner(new NacaNetwork(Kind.EVENT_RIDGE.config), labels(), 20_000, true);
        firstPart(small, new Recorder());
        StreamSnapshot state = small.streamSnapshots().get(0);
        NacaLearner other = new NacaLearner(new NacaNetwork(Kind.EVENT_PLASTIC.config), labels(), 20_000, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> other.restoreStream(state));
        assertTrue(e.getMessage().contains("stream state"), e.getMessage());
        StreamSnapshot cut = new StreamSnapshot(state.streamId(),
                Arrays.copyOf(state.bytes(), state.bytes().length - 3));
        NacaLearner same = new NacaLearner(new NacaNetwork(Kind.EVENT_RIDGE.config), labels(), 20_000, true);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> same.restoreStream(cut)).getMessage()
                .contains("truncated"));
    }

    @Test
    void versionOneCheckpointsStillReadAndCarryNoStreamState() {
        NacaLearner learner = new NacaLearner(new NacaNetwork(Kind.EVENT_RIDGE.config), labels(), 20_000, true);
        firstPart(learner, new Recorder());
        List<PendingSegment> pending = learner.pending();
        byte[] v2 = Checkpoint.encode(learner.network(), learner.counts(), null, pending, List.of());
        byte[] v1 = v2.clone();
        v1[8] = 1;   // the version field; the rest of a checkpoint without stream state is laid out as version 1
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(v1, 0, v1.length - 4);
        java.nio.ByteBuffer.wrap(v1).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(v1.length - 4,
                (int) crc.getValue());
        Checkpoint.Model m = Checkpoint.decode(v1);
        assertTrue(m.streams().isEmpty());
        assertEquals(pending.size(), m.pending().size());
        byte[] v3 = v2.clone();
        v3[8] = 3;
        assertTrue(assertThrows(CheckpointFormatException.class, () -> Checkpoint.decode(v3)).getMessage()
                .contains("unsupported checkpoint version 3"));
    }
}
