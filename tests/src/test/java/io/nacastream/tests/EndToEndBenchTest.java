package io.nacastream.tests;

import io.nacastream.bench.EndToEndBench;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench e2e} at a small scale on its real in-process broker: a paced and an unpaced run on two streams,
 * every published event learned from, figures consistent. (Speed is measured by the command, not asserted here.)
 */
class EndToEndBenchTest {

    @Test
    void pacedAndUnpacedRunsLoseNothingAndReportConsistentFigures() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        EndToEndBench bench = new EndToEndBench(Map.of("learner.mode", "tick"),
                new EndToEndBench.Options(List.of(200_000L, 0L), 2, 2, 1, 0, 1),
                new PrintStream(text, true, StandardCharsets.UTF_8));
        List<EndToEndBench.Result> results = bench.run();
        String out = text.toString(StandardCharsets.UTF_8);
        assertEquals(2, results.size(), out);
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
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts() {
        assertThrows(IllegalArgumentException.class, () -> new EndToEndBench.Options(List.of(), 1, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EndToEndBench.Options(List.of(1L), 1, 101, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EndToEndBench(Map.of("learner.nope", "1"),
                new EndToEndBench.Options(List.of(1L), 1, 1, 1, 0, 0), System.out));
    }
}
