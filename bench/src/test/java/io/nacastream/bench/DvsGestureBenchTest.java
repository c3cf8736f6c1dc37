package io.nacastream.bench;

import io.nacastream.ingest.dvsgesture.GestureDataset;
import io.nacastream.ingest.dvsgesture.SyntheticGestureDataset;
import io.nacastream.learner.eval.PrequentialReport;
import io.nacastream.service.config.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DVS128 Gesture loader and {@code bench dvsgesture} on a synthetic dataset written in the real layout (AEDAT 3.1
 * trials, label CSVs, split files): the real dataset cannot be downloaded here.
 */
class DvsGestureBenchTest {

    @TempDir
    Path dir;

    @Test
    void loaderFollowsTheSplitFilesInTheirOrderAndRefusesAnIncompleteDataset() throws IOException {
        SyntheticGestureDataset.write(dir, 3, 2, 1, 200_000, 50_000);
        GestureDataset data = GestureDataset.open(dir);
        assertEquals(List.of("user01_synthetic", "user02_synthetic"),
                data.split(true).stream().map(GestureDataset.Trial::streamId).toList());
        assertEquals("trials_to_train.txt order", data.splitOrder(true));
        Files.writeString(dir.resolve("trials_to_train.txt"), "user02_synthetic.aedat\nuser01_synthetic.aedat\n");
        GestureDataset listed = GestureDataset.open(dir);
        assertEquals(List.of("user02_synthetic", "user01_synthetic"),
                listed.split(true).stream().map(GestureDataset.Trial::streamId).toList(), "the list's order");
        Files.move(dir.resolve("trials_to_train.txt"), dir.resolve("train.bak"));
        Files.move(dir.resolve("trials_to_test.txt"), dir.resolve("test.bak"));
        assertTrue(GestureDataset.open(dir).splitOrder(true).startsWith("file-name order"));
        Files.move(dir.resolve("train.bak"), dir.resolve("trials_to_train.txt"));
        Files.move(dir.resolve("test.bak"), dir.resolve("trials_to_test.txt"));
        assertEquals(List.of("user03_synthetic"), data.split(false).stream().map(GestureDataset.Trial::streamId).toList());

        Files.delete(dir.resolve("user02_synthetic_labels.csv"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GestureDataset.open(dir));
        assertTrue(e.getMessage().contains("user02_synthetic.aedat has no label file"), e.getMessage());
        Files.delete(dir.resolve("user02_synthetic.aedat"));
        e = assertThrows(IllegalArgumentException.class, () -> GestureDataset.open(dir));
        assertTrue(e.getMessage().contains("split file lists user02_synthetic.aedat"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GestureDataset.open(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }

    @Test
    void badLabelRowsNameFileAndLine() throws IOException {
        Path csv = dir.resolve("user01_x_labels.csv");
        Files.writeString(csv, "class,startTime_usec,endTime_usec\n1,10,20\n12,30,40\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> io.nacastream.ingest.dvsgesture.GestureLabelsCsv.read(csv, "s", true));
        assertTrue(e.getMessage().contains("user01_x_labels.csv line 3") && e.getMessage().contains("not in 1..11"),
                e.getMessage());
    }

    @Test
    void testThenTrainPassLearnsTrainingTrialsAndScoresHeldOutOnes() throws IOException {
        SyntheticGestureDataset.write(dir, 11, 3, 1, 400_000, 100_000);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<BenchRun> runs = new DvsGestureBench(ServiceConfig.of(Map.of(), Map.of()),
                new DvsGestureBench.Options(dir, DvsGestureBench.Order.SHUFFLE, 3, 1, "naca,naca-tick"),
                new PrintStream(text, true, StandardCharsets.UTF_8)).run();
        String printed = text.toString(StandardCharsets.UTF_8);
        assertEquals(2, runs.size());
        for (BenchRun r : runs) {
            PrequentialReport report = r.evaluation();
            assertEquals(33, report.learned().instances(), printed);
            assertEquals(11, report.heldOut().instances(), printed);
        }
        assertEquals(runs.get(0).energy().counts().events(), runs.get(1).energy().counts().events(), "same spikes");
        // three 4.4 s synthetic trials are too little to learn from reliably; accuracy is benchmarked, not tested here
        assertTrue(printed.contains("3 training trials in a shuffle of seed 3") && printed.contains("[4/4]")
                && printed.contains("held-out (test trials")
                && printed.contains("| naca (tick 10 ms, ridge readout) |"), printed);
    }

    @Test
    void epochsReplayTheTrainingTrialsUnderNewStreamsBeforeTheTestTrials() throws IOException {
        SyntheticGestureDataset.write(dir, 11, 3, 1, 400_000, 100_000);
        long[] spikes = new long[4];
        long[] heldOut = new long[4];
        String printed = "";
        for (int epochs = 1; epochs <= 3; epochs++) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            // every lineage learner runs here, on the same spikes
            List<BenchRun> runs = new DvsGestureBench(ServiceConfig.of(Map.of(), Map.of()),
                    new DvsGestureBench.Options(dir, DvsGestureBench.Order.SHUFFLE, 5, epochs,
                            epochs == 2 ? "naca,drtp,dfa,sbp,backei,bp" : "naca"),
                    new PrintStream(text, true, StandardCharsets.UTF_8)).run();
            printed = text.toString(StandardCharsets.UTF_8);
            for (BenchRun run : runs) {
                assertEquals(33 * epochs, run.evaluation().learned().instances(), run.name() + "\n" + printed);
                assertEquals(11, run.evaluation().heldOut().instances(), run.name());
                assertEquals(runs.get(0).energy().counts().events(), run.energy().counts().events(), run.name());
            }
            assertEquals(epochs == 2 ? 6 : 1, runs.size());
            spikes[epochs] = runs.get(0).energy().counts().events();
            heldOut[epochs] = runs.get(0).heldOut().counts().events();
        }
        assertEquals(heldOut[1], heldOut[3], "the test trials are played once");
        long pass = spikes[2] - spikes[1];
        assertTrue(pass > (spikes[1] - heldOut[1]) * 9 / 10, "a further pass plays the training trials' spikes");
        assertEquals(spikes[1] + 2 * pass, spikes[3], "each further pass plays the same spikes");
        assertTrue(printed.contains("3 epochs (further passes under new stream ids, each reshuffled)")
                && printed.contains("[10/10]") && printed.contains("/epoch3 (learned)"), printed);
        assertThrows(IllegalArgumentException.class,
                () -> new DvsGestureBench.Options(dir, DvsGestureBench.Order.LIST, 1, 0, "naca"));
    }
}
