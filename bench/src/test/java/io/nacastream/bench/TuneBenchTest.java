package io.nacastream.bench;

import io.nacastream.ingest.dataset.SyntheticSampleDataset;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.service.config.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench tune}: the grid, the ranking, the checks made before any run, and real searches on tiny data. */
class TuneBenchTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    private String printed() {
        return text.toString(StandardCharsets.UTF_8);
    }

    private Path barsDataset() throws IOException {
        SyntheticSampleDataset.write(dir, new String[] {"bottom", "middle", "top"}, 4, 2, 1);
        return dir;
    }

    private static ServiceConfig config(String... keys) {
        return Bench.config(keys, new HashMap<>(), Set.of());
    }

    /** A tiny synthetic stream: one learned and one held-out subject, short takes, a small hidden layer. */
    private static ServiceConfig tinyStream(String... more) {
        List<String> keys = new ArrayList<>(List.of("--synthetic.train-subjects=1", "--synthetic.test-subjects=1",
                "--synthetic.take-ms=400", "--synthetic.gap-ms=100", "--learner.hidden=16"));
        keys.addAll(List.of(more));
        return config(keys.toArray(String[]::new));
    }

    private TuneBench.Options onBars(String learner, String grid, OptionalInt budget) throws IOException {
        return TuneBench.Options.onDataset(learner, TuneGrid.parse(grid), new DatasetBench.Options(barsDataset(), 1,
                3, "ignored", 100_000, ReadOptions.defaults()), budget);
    }

    @Test
    void theGridIsTheCartesianProductInGridOrder() {
        TuneGrid grid = TuneGrid.parse("learner.eta-output=0.001, 0.01;learner.hidden=16,32,64");
        assertEquals(6, grid.size());
        List<Map<String, String>> c = grid.configurations();
        assertEquals(6, c.size());
        assertEquals(Map.of("learner.eta-output", "0.001", "learner.hidden", "16"), c.get(0));
        assertEquals(Map.of("learner.eta-output", "0.001", "learner.hidden", "32"), c.get(1));
        assertEquals(Map.of("learner.eta-output", "0.01", "learner.hidden", "64"), c.get(5));
        assertEquals(List.of("learner.eta-output", "learner.hidden"), List.copyOf(c.get(0).keySet()));
        assertEquals("learner.eta-output=0.001 learner.hidden=16", TuneGrid.label(c.get(0)));
        assertEquals(List.of(Map.of()), TuneGrid.parse("").configurations(), "no grid: the defaults");
        assertEquals(1, TuneGrid.parse(null).size());
        for (String bad : new String[] {"=1,2", "bp.learning-rate", "bp.learning-rate=0.1,", "a=1;a=2",
                "bp.learning-rate=0.1,0.1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TuneGrid.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--grid: "), e.getMessage());
        }
    }

    @Test
    void theRankingIsByScoreThenGridOrder() {
        List<TuneBench.Trial> trials = new ArrayList<>(List.of(trial(1, 0.5), trial(2, 0.7), trial(3, Double.NaN),
                trial(4, 0.7), trial(5, 0.6)));
        trials.sort(TuneBench.RANKING);
        assertEquals(List.of(2, 4, 5, 1, 3), trials.stream().map(TuneBench.Trial::order).toList());
        TuneBench.Result r = new TuneBench.Result("bp", "test", trials);
        assertEquals(2, r.winner().order(), "a tie goes to the earlier configuration");
        assertEquals("--k=2", r.winner().options());
    }

    private static TuneBench.Trial trial(int order, double score) {
        return new TuneBench.Trial(order, Map.of("k", Integer.toString(order)), score,
                List.of(new TuneBench.SeedScore(7, score, 0)), 0, 1);
    }

    @Test
    void aDatasetSearchRanksEveryConfigurationByItsTestSplitScore() throws IOException {
        ServiceConfig base = config("--learner.hidden=16");
        TuneBench.Result r = new TuneBench(base, onBars("bp", "bp.learning-rate=0.0001,0.05", OptionalInt.of(2)),
                out).run();
        String printed = printed();
        assertEquals(2, r.budget(), printed);
        assertEquals("bp", r.learner());
        for (int i = 1; i < r.ranked().size(); i++) {
            assertTrue(r.ranked().get(i - 1).score() >= r.ranked().get(i).score(), printed);
        }
        TuneBench.Trial best = r.winner();
        assertEquals(r.ranked().stream().mapToDouble(TuneBench.Trial::score).max().orElseThrow(), best.score());
        assertEquals(List.of(3L), best.perSeed().stream().map(TuneBench.SeedScore::seed).toList());
        // the score is bench dataset's held-out accuracy of that learner with those settings
        BenchRun direct = new DatasetBench(TuneGrid.apply(base, best.settings()), new DatasetBench.Options(dir, 1, 3,
                "bp", 100_000, ReadOptions.defaults()), new PrintStream(PrintStream.nullOutputStream())).run().get(0);
        assertEquals(direct.evaluation().heldOut().accuracy(), best.score(), 0.0);
        assertEquals(direct.evaluation().learned().accuracy(), best.learned(), 0.0);

        assertTrue(printed.contains("budget 2 configurations"), printed);
        assertTrue(printed.contains("treated as the validation split"), printed);
        assertTrue(printed.contains("[1/2] bp.learning-rate=0.0001: validation ")
                && printed.contains("[2/2] bp.learning-rate=0.05: validation "), printed);
        assertTrue(printed.contains("| rank | settings | validation acc | per seed | test-then-train acc | wall |"),
                printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("| 1 | " + best.label() + " | ")), printed);
        assertTrue(printed.lines().anyMatch(l -> l.equals(best.options())), printed);
        assertEquals("--bp.learning-rate=" + best.settings().get("bp.learning-rate"), best.options());
        assertFalse(printed.contains("== bp"), "the inner per-learner report is not printed: " + printed);
    }

    @Test
    void anUnknownKeyOrABadValueFailsBeforeAnyRun() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TuneBench(config(),
                onBars("bp", "bp.learning-rate=0.01;bp.learnig-rate=0.1", OptionalInt.empty()), out).run());
        assertTrue(e.getMessage().contains("unknown configuration key 'bp.learnig-rate'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TuneBench(config(),
                onBars("bp", "bp.learning-rate=0.01,fast", OptionalInt.empty()), out).run());
        assertTrue(e.getMessage().contains("'bp.learning-rate'") && e.getMessage().contains("fast"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TuneBench(config(),
                onBars("bp", "learner.classes=a,b", OptionalInt.empty()), out).run());
        assertTrue(e.getMessage().contains("'learner.classes' cannot be tuned"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TuneBench(config(),
                onBars("perceptron", "", OptionalInt.empty()), out).run());
        assertTrue(e.getMessage().contains("unknown learner 'perceptron'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TuneBench(config(),
                onBars("bp,naca", "", OptionalInt.empty()), out).run());
        assertTrue(e.getMessage().contains("--learner takes one learner id"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TuneBench(config(),
                TuneBench.Options.onAccuracy("bp", TuneGrid.parse("synthetic.seed=1,2"), List.of(7L), false,
                        OptionalInt.empty()), out).run());
        assertTrue(e.getMessage().contains("'synthetic.seed' cannot be tuned"), e.getMessage());
        assertEquals("", printed(), "nothing ran");
    }

    @Test
    void aBudgetOtherThanTheChecksFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TuneBench(config(),
                onBars("bp", "bp.learning-rate=0.001,0.01;bp.bin-us=10000,20000", OptionalInt.of(2)), out).run());
        assertTrue(e.getMessage().contains("--budget-check=2") && e.getMessage().contains("has 4 configuration"),
                e.getMessage());
        assertEquals("", printed(), "nothing ran");
    }

    @Test
    void accuracyModeRefusesTheReportedSeed() {
        long reported = Long.parseLong(ServiceConfig.defaultValue("synthetic.seed"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TuneBench(tinyStream(),
                TuneBench.Options.onAccuracy("bp", TuneGrid.EMPTY, List.of(7L, reported), false, OptionalInt.empty()),
                out).run());
        assertTrue(e.getMessage().contains("--validation-seeds includes " + reported)
                && e.getMessage().contains("--allow-report-seed"), e.getMessage());
        // a fixed --synthetic.seed names the seed that will be reported: refused as well
        e = assertThrows(IllegalArgumentException.class, () -> new TuneBench(tinyStream("--synthetic.seed=9"),
                TuneBench.Options.onAccuracy("bp", TuneGrid.EMPTY, List.of(9L), false, OptionalInt.empty()), out)
                .run());
        assertTrue(e.getMessage().contains("--validation-seeds includes 9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TuneBench(tinyStream(), TuneBench.Options.onAccuracy(
                "bp", TuneGrid.EMPTY, List.of(7L, 7L), false, OptionalInt.empty()), out).run());
        assertEquals("", printed(), "nothing ran");
    }

    @Test
    void anAccuracySearchScoresTheMeanOverTheValidationSeeds() throws IOException {
        TuneBench.Result r = new TuneBench(tinyStream(), TuneBench.Options.onAccuracy("bp",
                TuneGrid.parse("bp.learning-rate=0.001,0.05"), List.of(7L, 8L), false, OptionalInt.of(2)), out).run();
        String printed = printed();
        assertEquals(2, r.budget(), printed);
        for (TuneBench.Trial t : r.ranked()) {
            assertEquals(List.of(7L, 8L), t.perSeed().stream().map(TuneBench.SeedScore::seed).toList());
            assertEquals((t.perSeed().get(0).heldOut() + t.perSeed().get(1).heldOut()) / 2, t.score(), 1e-12);
        }
        assertTrue(r.ranked().get(0).score() >= r.ranked().get(1).score(), printed);
        assertTrue(printed.contains("validation seed(s) 7,8; the reported seed(s) 42 not used"), printed);
        assertTrue(printed.contains("(seed 7: ") && printed.contains(", seed 8: "), printed);
        assertFalse(printed.contains("target NACA"), printed);
    }

    @Test
    void theCommandLineRefusesOptionsOfTheOtherModeAndMissingOnes() {
        String[][] bad = {
                {"--learner=bp"},
                {"--on=accuracy"},
                {"--on=accuracy", "--learner=bp", "--dataset=x"},
                {"--on=dataset", "--learner=bp", "--dataset=x", "--validation-seeds=3"},
                {"--on=dataset", "--learner=bp", "--dataset=x", "--allow-report-seed"},
                {"--on=dataset", "--learner=bp"},
                {"--on=accuracy", "--learner=bp", "--grid=bp.learning-rate=0.1,0.2", "--bp.learning-rate=0.1"},
                {"--on=accuracy", "--learner=bp", "--budget-check=0"},
                {"--on=accuracy", "--learner=bp", "--validation-seeds=seven"},
                {"--on=accuracy", "--learner=bp", "--bogus=1"},
        };
        String[] expected = {"--on=accuracy or --on=dataset", "--learner=ID", "--dataset apply to --on=dataset",
                "--validation-seeds and --allow-report-seed apply to --on=accuracy", "apply to --on=accuracy",
                "needs --dataset=ROOT", "--bp.learning-rate is both fixed and in --grid", "--budget-check must be",
                "--validation-seeds must be a whole number", "unknown benchmark option(s) [bogus]"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = bad[i];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bench.tune(args),
                    String.join(" ", args));
            assertTrue(e.getMessage().contains(expected[i]), e.getMessage());
        }
        TuneBench parsed = Bench.tune(new String[] {"--on=accuracy", "--learner=bp", "--allow-report-seed",
                "--validation-seeds=7,42", "--grid=bp.learning-rate=0.1,0.2"});
        TuneBench.Options o = parsed.options();
        assertEquals(TuneBench.On.ACCURACY, o.on());
        assertEquals(List.of(7L, 42L), o.validationSeeds());
        assertTrue(o.allowReportSeed());
        assertEquals(2, o.grid().size());
        assertEquals(OptionalInt.empty(), o.budgetCheck());
    }
}
