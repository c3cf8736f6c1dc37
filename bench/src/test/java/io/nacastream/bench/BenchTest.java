package io.nacastream.bench;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import io.nacastream.service.config.SyntheticSettings;
import io.nacastream.service.dashboard.DashboardFeed;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark drivers on a tiny corpus, and the continual-learning metrics against a hand-made matrix. */
class BenchTest {

    private static ServiceConfig tiny() {
        return Bench.config(new String[] {"--synthetic.train-subjects=2", "--synthetic.test-subjects=1",
                "--synthetic.take-ms=600", "--synthetic.gap-ms=100", "--learner.hidden=32"}, new HashMap<>(), Set.of());
    }

    @Test
    void averageAccuracyAndBackwardTransferFollowTheirDefinitions() {
        // R[j][i]: accuracy on task i after task j
        double[][] r = {{0.9, 0, 0}, {0.5, 0.8, 0}, {0.3, 0.6, 0.7}};
        ContinualBench.Result result = new ContinualBench.Result("x", List.of(Set.of(0), Set.of(1), Set.of(2)), r);
        assertEquals(0.9, result.averageAfter(0), 1e-12);
        assertEquals(0.65, result.averageAfter(1), 1e-12);
        assertEquals((0.3 + 0.6 + 0.7) / 3, result.finalAverage(), 1e-12);
        assertEquals(((0.3 - 0.9) + (0.6 - 0.8)) / 2, result.backwardTransfer(), 1e-12);
    }

    @Test
    void accuracyBenchFeedsEveryLearnerTheSameSpikes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<BenchRun> runs = new AccuracyBench(tiny(), new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("naca", "naca", "naca", "naca", "naca", "bp", "softmax", "ridge"),
                runs.stream().map(r -> r.learner().algorithm()).toList(), "by default NACA in both modes, with its "
                        + "hidden rule on, the reference rule in both modes and the three baselines");
        long spikes = runs.get(0).energy().counts().events();
        assertTrue(spikes > 1000, out);
        for (BenchRun r : runs) {
            assertEquals(spikes, r.energy().counts().events(), r.name());
            assertEquals(11, r.evaluation().heldOut().instances(), r.name());
            assertEquals(22, r.evaluation().learned().instances(), r.name());
            assertTrue(r.energy().joules() > 0, r.name());
            assertTrue(r.heldOut().joules() > 0 && r.heldOut().joules() < r.energy().joules(),
                    r.name() + ": the held-out trains are a part of the run");
        }
        assertTrue(out.contains("| naca (event, ridge readout) |") && out.contains("| naca (event, reference rule) |")
                && out.contains("| naca (event, hidden rule on, ridge readout) |") && out.contains("target NACA"), out);
    }

    @Test
    void accuracyBenchRunsTheSelectedLearnersAndChecksTargetsOnlyWithNacaEventAndBp() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<BenchRun> runs = new AccuracyBench(tiny(), "bp, naca-tick", new PrintStream(buffer, true,
                StandardCharsets.UTF_8), DashboardFeed.NONE).run();
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("bp", "naca"), runs.stream().map(r -> r.learner().algorithm()).toList());
        assertTrue(out.contains("| naca (tick 10 ms, ridge readout) |") && !out.contains("target NACA"), out);
        assertThrows(IllegalArgumentException.class, () -> new AccuracyBench(tiny(), "perceptron", System.out,
                DashboardFeed.NONE).run());
    }

    @Test
    void accuracyBenchEpochsReplayTheLearnedSubjectsBeforeTheHeldOutOnes() {
        BenchRun once = new AccuracyBench(tiny(), "naca-event", 1, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), DashboardFeed.NONE).run().get(0);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        BenchRun twice = new AccuracyBench(tiny(), "naca-event", 2, new PrintStream(buffer, true,
                StandardCharsets.UTF_8), DashboardFeed.NONE).run().get(0);
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(44, twice.evaluation().learned().instances(), out);
        assertEquals(11, twice.evaluation().heldOut().instances(), out);
        assertEquals(once.heldOut().counts().events(), twice.heldOut().counts().events(),
                "the held-out subject is played once");
        Settings settings = Settings.of(tiny());
        SyntheticSettings synthetic = settings.synthetic();
        SyntheticCorpus corpus = SyntheticCorpus.render(synthetic.seed(), 2, 1, synthetic.takeUs(),
                synthetic.gapUs(), settings.encoder(), null);
        long learnedSpikes = corpus.sessions().subList(0, 2).stream().flatMap(s -> s.trains().stream())
                .mapToLong(SpikeTrain::size).sum();
        assertTrue(learnedSpikes > 1000);
        assertEquals(once.energy().counts().events() + learnedSpikes, twice.energy().counts().events(),
                "the second pass plays every spike of both learned subjects again");
        assertTrue(out.contains("stream: 2 epochs over the 2 learned subjects"), out);
        assertThrows(IllegalArgumentException.class, () -> new AccuracyBench(tiny(), "naca-event", 0, System.out,
                DashboardFeed.NONE));
    }

    @Test
    void continualBenchScoresOnlySeenClassesTaskByTask() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<ContinualBench.Result> results = new ContinualBench(tiny(), 6, Set.of("naca", "naca-mask"),
                new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();
        assertEquals(2, results.size());
        for (ContinualBench.Result r : results) {
            assertEquals(2, r.tasks().size());                    // 11 classes in tasks of 6 and 5
            assertEquals(11, r.tasks().get(0).size() + r.tasks().get(1).size());
            assertEquals(0.0, r.r()[0][1], 0.0);                  // task 2 is not scored before it is seen
            for (double[] row : r.r()) {
                for (double v : row) {
                    assertTrue(v >= 0 && v <= 1);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new ContinualBench(tiny(), 12, Set.of("naca"), System.out));
        assertThrows(IllegalArgumentException.class, () -> Bench.config(new String[] {"--bogus=1"}, new HashMap<>(), Set.of("learners")));
        Map<String, String> local = new HashMap<>();
        Bench.config(new String[] {"--classes-per-task=2"}, local, Set.of("classes-per-task"));
        assertThrows(IllegalArgumentException.class, () -> Bench.config(new String[] {"--epochs=2"}, new HashMap<>(),
                Set.of("classes-per-task")));
        assertEquals("2", local.get("classes-per-task"));
    }

    @Test
    void benchmarkOptionsAreSortedIntoServiceKeysAndOwnOptionsOrRefused() {
        Map<String, String> service = new java.util.HashMap<>();
        Map<String, String> local = new java.util.HashMap<>();
        Bench.split(new String[] {"--learner.mode=tick", "--rates=1000,max"}, Set.of("rates"), service, local);
        assertEquals(Map.of("learner.mode", "tick"), service);
        assertEquals(Map.of("rates", "1000,max"), local);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bench.split(new String[] {"--rate=5"}, Set.of("rates"), service, local));
        assertTrue(e.getMessage().contains("--rate"), e.getMessage());
        assertEquals(List.of(256, 512, 1024), Bench.ints("256, 512,1024"));
        assertThrows(IllegalArgumentException.class, () -> Bench.run(new String[] {"scaling", "--hidden="}));
    }

    /** The options docs/learner.md gives for the pure reference rule build exactly what the benches call it. */
    @Test
    void theDocumentedReferenceOptionsAreTheBenchesReferenceRule() {
        Map<String, String> options = Map.of("learner.readout", "spikes", "learner.threshold", "0.5",
                "learner.tick-decay", "0.2", "learner.weight-bound", "0", "learner.eta-hidden", "0.003",
                "learner.eta-output", "0.003");
        io.nacastream.learner.naca.NacaConfig defaults = io.nacastream.service.config.ModelConfigs.naca(
                io.nacastream.service.config.ServiceConfig.of(Map.of(), Map.of()), 2048);
        io.nacastream.learner.naca.NacaConfig reference = io.nacastream.service.config.ModelConfigs.naca(
                io.nacastream.service.config.ServiceConfig.of(options, Map.of()), 2048);
        assertEquals(BenchLearners.reference(defaults), reference);
        assertEquals(io.nacastream.learner.naca.NacaConfig.Readout.RIDGE, defaults.readout(), "the default readout");
        assertEquals(0f, defaults.etaHidden(), "the default hidden layer is fixed");
        assertEquals((float) Math.exp(-0.5), defaults.decayPerTick(), 1e-6f, "tick decay exp(-10 ms / 20 ms)");
    }
}
