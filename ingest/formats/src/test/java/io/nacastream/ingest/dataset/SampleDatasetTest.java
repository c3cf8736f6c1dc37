package io.nacastream.ingest.dataset;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.RecordingFormatException;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.ingest.recording.nmnist.NmnistWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The class-folder dataset reader, its stream order and its timeline, on a generated tree and on real N-MNIST. */
class SampleDatasetTest {

    @TempDir
    Path dir;

    /** Writes an N-MNIST .bin sample: events (x, y, on, t µs). */
    static void nmnist(Path file, int[][] events) throws IOException {
        Files.createDirectories(file.getParent());
        EventPacket.Builder b = EventPacket.builder("s", 240, 180, Math.max(1, events.length));
        for (int[] e : events) {
            b.add(e[0], e[1], e[2] == 1, e[3]);
        }
        try (NmnistWriter w = new NmnistWriter(Files.newOutputStream(file))) {
            w.write(b.build());
        }
    }

    /** A tree with classes "cat", "dog" (train and test) and "eel" (test only), plus a stray file. */
    private Path tree() throws IOException {
        nmnist(dir.resolve("Train/dog/b.bin"), new int[][] {{1, 1, 1, 100}, {2, 2, 0, 400}});
        nmnist(dir.resolve("Train/dog/a.bin"), new int[][] {{3, 3, 1, 50}, {4, 4, 1, 51}, {5, 5, 0, 60}});
        nmnist(dir.resolve("Train/cat/x.bin"), new int[][] {{0, 0, 1, 1000}});
        nmnist(dir.resolve("Test/cat/y.bin"), new int[][] {{6, 6, 1, 7}, {7, 7, 1, 9}});
        nmnist(dir.resolve("Test/eel/z.bin"), new int[][] {{8, 8, 0, 20}});
        Files.writeString(dir.resolve("Train/dog/README.txt"), "not a recording");
        return dir;
    }

    @Test
    void classIdsFollowTheSortedFoldersOfBothSplits() throws IOException {
        SampleDataset d = SampleDataset.open(tree());
        assertEquals(List.of("cat", "dog", "eel"), d.classes().names());
        assertEquals(3, d.train().size());
        assertEquals(2, d.test().size());
        assertEquals(List.of(0, 1, 1), d.train().stream().map(SampleDataset.Sample::classId).toList());
        assertEquals("a.bin", d.train().get(1).file().getFileName().toString());   // file-name order in a class
        assertEquals(List.of(0, 2), d.test().stream().map(SampleDataset.Sample::classId).toList());
        assertEquals(1, d.ignored().size());
        assertArrayEquals(new int[] {1, 2, 0}, d.counts(true));
        assertTrue(d.describe().contains("3 classes (cat, dog, eel), 3 training and 2 test samples"), d.describe());
    }

    @Test
    void theOrderIsASeededShuffleOfEachEpochThenTheHeldOutSamples() throws IOException {
        SampleDataset d = SampleDataset.open(tree());
        List<SampleOrder.Entry> a = SampleOrder.of(d, 3, 5);
        assertEquals(3 * 3 + 2, a.size());
        assertEquals(a, SampleOrder.of(d, 3, 5));
        for (int e = 0; e < 3; e++) {
            Set<SampleDataset.Sample> pass = new HashSet<>();
            for (int i = 3 * e; i < 3 * e + 3; i++) {
                assertTrue(a.get(i).learn());
                assertEquals(e, a.get(i).epoch());
                pass.add(a.get(i).sample());
            }
            assertEquals(new HashSet<>(d.train()), pass, "every training sample once per epoch");
        }
        assertTrue(a.subList(9, 11).stream().noneMatch(SampleOrder.Entry::learn));
        boolean differs = false;
        for (long seed = 0; seed < 20 && !differs; seed++) {
            differs = !SampleOrder.of(d, 1, seed).equals(SampleOrder.of(d, 1, 5));
        }
        assertTrue(differs, "the seed changes the order");
        assertThrows(IllegalArgumentException.class, () -> SampleOrder.of(d, 0, 1));
    }

    @Test
    void samplesAreLaidEndToEndWithAQuietGapAndLabelledSegments() throws IOException {
        SampleDataset d = SampleDataset.open(tree());
        SamplePlayer player = new SamplePlayer("ds", 1_000, 2, 1_000_000, ReadOptions.defaults());
        SampleDataset.Sample dogA = d.train().get(1);   // events at 50, 51, 60 µs
        SampleDataset.Sample dogB = d.train().get(2);   // events at 100, 400 µs
        SamplePlayer.Placed first = player.place(new SampleOrder.Entry(dogA, true, 0));
        assertEquals(3, first.events());
        assertEquals(1, first.segment().classId());
        assertEquals(0, first.segment().startUs());
        assertEquals(10, first.segment().endUs());     // the last event at 60 - 50 = 10 µs closes it
        assertTrue(first.segment().learn());
        assertEquals(2, first.packets().size(), "packets of at most 2 events");
        EventPacket p0 = first.packets().get(0);
        assertEquals("ds", p0.sensorId());
        assertEquals(new SensorGeometry(34, 34), player.geometry());
        assertArrayEquals(new long[] {0, 1}, new long[] {p0.timestampUs(0), p0.timestampUs(1)});
        assertEquals(3, p0.x(0));
        SamplePlayer.Placed second = player.place(new SampleOrder.Entry(dogB, false, -1));
        assertEquals(10 + 1_000, second.segment().startUs());
        assertEquals(10 + 1_000 + 300, second.segment().endUs());
        assertEquals(List.of(1010L, 1310L), List.of(second.packets().get(0).timestampUs(0),
                second.packets().get(0).timestampUs(1)));
        assertTrue(!second.segment().learn());
        assertEquals(10 + 1_000 + 300 + 1_000, player.cursorUs());
        SamplePlayer.Placed single = player.place(new SampleOrder.Entry(d.train().get(0), true, 0));
        assertEquals(1, single.segment().endUs() - single.segment().startUs(), "one instant covers 1 µs");
    }

    @Test
    void emptyAndForeignSamplesAreReportedNotHidden() throws IOException {
        nmnist(dir.resolve("train/a/empty.bin"), new int[0][]);
        nmnist(dir.resolve("train/a/ok.bin"), new int[][] {{1, 1, 1, 5}});
        SampleDataset d = SampleDataset.open(dir);
        SamplePlayer player = new SamplePlayer("ds", 0, 100, 1000, ReadOptions.defaults());
        assertNull(player.place(new SampleOrder.Entry(d.train().get(0), true, 0)));
        assertEquals(1, player.emptySamples());
        assertEquals(1, player.place(new SampleOrder.Entry(d.train().get(1), true, 0)).events());
        nmnist(dir.resolve("train/b/big.bin"), new int[][] {{200, 100, 1, 5}});
        SampleDataset withBig = SampleDataset.open(dir);
        String why = assertThrows(RecordingFormatException.class, () -> player.place(
                new SampleOrder.Entry(withBig.train().get(2), true, 0))).getMessage();
        assertTrue(why.contains("big.bin") && why.contains("--geometry"), why);
        SamplePlayer wide = new SamplePlayer("ds", 0, 100, 1000,
                ReadOptions.defaults().withGeometry(new SensorGeometry(240, 180)));
        assertEquals(1, wide.place(new SampleOrder.Entry(withBig.train().get(2), true, 0)).events());
    }

    @Test
    void layoutsThatAreNotDatasetsAreRefusedWithWhatIsMissing() throws IOException {
        String noTrain = assertThrows(IllegalArgumentException.class, () -> SampleDataset.open(dir)).getMessage();
        assertTrue(noTrain.contains("no train/"), noTrain);
        Files.createDirectories(dir.resolve("train"));
        String noClass = assertThrows(IllegalArgumentException.class, () -> SampleDataset.open(dir)).getMessage();
        assertTrue(noClass.contains("no class folder"), noClass);
        Files.createDirectories(dir.resolve("train/x"));
        Files.writeString(dir.resolve("train/x/notes.txt"), "x");
        String none = assertThrows(IllegalArgumentException.class, () -> SampleDataset.open(dir)).getMessage();
        assertTrue(none.contains("no recording"), none);
        assertThrows(IllegalArgumentException.class, () -> SampleDataset.open(dir.resolve("absent")));
    }

    @Test
    void realNmnist1k() throws IOException {
        Path root = Path.of(System.getProperty("naca.shared.dir", "../../shared")).resolve("data/labelled/nmnist-1k");
        Assumptions.assumeTrue(Files.isDirectory(root), "real N-MNIST samples " + root.toAbsolutePath()
                + " are absent: this test needs the shared data folder (see ../shared/data/labelled/SOURCES.md)");
        SampleDataset d = SampleDataset.open(root);
        assertEquals(ClassNames.numbered(10), d.classes());
        assertEquals(801, d.train().size());
        assertEquals(199, d.test().size());
        int[] all = new int[10];
        for (boolean split : new boolean[] {true, false}) {
            int[] n = d.counts(split);
            for (int c = 0; c < 10; c++) {
                all[c] += n[c];
            }
        }
        assertArrayEquals(new int[] {97, 116, 99, 93, 105, 92, 94, 117, 87, 100}, all, "SOURCES.md's class counts");
        SamplePlayer player = new SamplePlayer("nmnist", 100_000, 8192, 20_000, ReadOptions.defaults());
        List<SampleOrder.Entry> order = SampleOrder.of(d, 1, 1);
        long previousEnd = -1;
        List<Long> counts = new ArrayList<>();
        for (SampleOrder.Entry e : order.subList(0, 40)) {
            SamplePlayer.Placed p = player.place(e);
            assertTrue(p.segment().startUs() >= previousEnd + 100_000 || previousEnd < 0);
            assertTrue(p.segment().endUs() - p.segment().startUs() > 250_000, "three saccades, ~300 ms");
            assertTrue(p.events() >= 1_069 && p.events() <= 7_152, "SOURCES.md's range: " + p.events());
            assertEquals(e.sample().classId(), p.segment().classId());
            previousEnd = p.segment().endUs();
            counts.add(p.events());
        }
        assertEquals(new SensorGeometry(34, 34), player.geometry());
        assertNotEquals(counts.get(0), counts.get(1));
    }
}
