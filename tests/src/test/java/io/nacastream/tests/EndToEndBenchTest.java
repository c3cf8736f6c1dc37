package io.nacastream.tests;

import io.nacastream.bench.EndToEndBench;
import io.nacastream.bench.ProfileStages;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench e2e} at a small scale on its real in-process broker: a paced and an unpaced run on two streams,
 * every published event learned from, figures consistent. (Speed is measured by the command, not asserted here.)
 */
class EndToEndBenchTest {

    @Test
    void pacedUnpacedAndBacklogRunsLoseNothingReportConsistentFiguresAndProfileByStage(@TempDir Path dir)
            throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        EndToEndBench bench = new EndToEndBench(Map.of("learner.mode", "tick"),
                new EndToEndBench.Options(List.of(200_000L, 0L, EndToEndBench.BACKLOG), 2, 2, 1, 0, 1),
                new PrintStream(text, true, StandardCharsets.UTF_8));
        List<EndToEndBench.Result> results;
        Path jfr = dir.resolve("e2e.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            results = bench.run();
            recording.stop();
            recording.dump(jfr);
        }
        String out = text.toString(StandardCharsets.UTF_8);
        assertEquals(3, results.size(), out);
        for (EndToEndBench.Result r : results) {
            assertTrue(r.publishedEvents() > 0, out);
            assertTrue(r.nothingLost(), "published " + r.publishedEvents() + ", learned " + r.learnedEvents()
                    + ", dead letters " + r.deadLetters() + "\n" + out);
            assertTrue(r.p50Ms() <= r.p99Ms() && r.p99Ms() <= r.p999Ms() && r.p999Ms() <= r.maxMs(), out);
            assertTrue(r.maxLagEvents() >= 0 && r.maxHeapMb() > 0, out);
        }
        EndToEndBench.Result paced = results.get(0);
        assertEquals(200_000L, paced.offered());
        assertTrue(paced.published() <= 200_000 * 1.05, "pacing overshot: " + paced.published() + "\n" + out);
        assertTrue(out.contains("corpus: 1 synthetic subjects") && out.contains("p99 ms") && out.contains("t="), out);
        EndToEndBench.Result backlog = results.get(2);
        assertEquals(EndToEndBench.BACKLOG, backlog.offered());
        assertTrue(backlog.sustained() > 0 && out.contains("backlog"), out);

        // bench profile: the recording's samples by stage; the service's learner thread learned, so it has samples
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ProfileStages.run(jfr, new PrintStream(table, true, StandardCharsets.UTF_8));
        String stages = table.toString(StandardCharsets.UTF_8);
        Matcher learn = Pattern.compile("\\| learner thread: learn \\| ([0-9,]+) \\|")
                .matcher(stages);
        assertTrue(learn.find() && Long.parseLong(learn.group(1).replace(",", "")) > 0, stages);
        assertTrue(stages.contains("| broker |") && stages.contains("| publisher (benchmark) |"), stages);
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts() {
        assertThrows(IllegalArgumentException.class, () -> new EndToEndBench.Options(List.of(), 1, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EndToEndBench.Options(List.of(1L), 1, 101, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EndToEndBench(Map.of("learner.nope", "1"),
                new EndToEndBench.Options(List.of(1L), 1, 1, 1, 0, 0), System.out));
    }
}
