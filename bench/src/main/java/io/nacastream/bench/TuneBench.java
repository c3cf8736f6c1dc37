package io.nacastream.bench;

import io.nacastream.ingest.dataset.SampleDataset;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import io.nacastream.service.config.SyntheticSettings;
import io.nacastream.service.dashboard.DashboardFeed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code bench tune}: a grid search over service configuration keys for one learner, every configuration scored on
 * validation data only, so that a published figure never comes from settings chosen on it.
 *
 * <pre>
 * java -jar naca-stream.jar bench tune --on=accuracy|dataset --learner=ID --grid='key=v1,v2;key2=w1,w2'
 *     [--budget-check=N] [--key=value ...]
 *   --on=accuracy: [--validation-seeds=7,8] [--allow-report-seed]
 *   --on=dataset:  --dataset=ROOT [--epochs=N] [--seed=S] [--gap-ms=MS] [--geometry=WxH] [--format=F]
 * </pre>
 *
 * The grid is the cartesian product of its keys' values ({@link TuneGrid}; none: one configuration, the defaults),
 * every key and value checked before the first run; fixed {@code --key=value} options apply to every configuration.
 * {@code --on=accuracy} runs {@code bench accuracy} with only that learner once per validation seed (the stream's
 * {@code synthetic.seed}, default 7) and scores the mean held-out accuracy over the seeds; it refuses the seed that
 * {@code bench accuracy} reports on (the {@code synthetic.seed} default, or a fixed {@code --synthetic.seed}) unless
 * {@code --allow-report-seed}. {@code --on=dataset} runs {@code bench dataset} with only that learner and scores the
 * held-out accuracy on the dataset's test/ split, used here as the validation split. Prints a line per configuration
 * as it ends, a table ranked by score (ties: the earlier configuration in grid order wins) and the winner as
 * options to paste. {@code --budget-check=N} fails unless the grid has N configurations, so that every learner is
 * tuned with the same budget.
 */
public final class TuneBench {

    /** What a configuration is scored on. */
    public enum On {
        /** The held-out subjects of the synthetic gesture stream ({@code bench accuracy}), per validation seed. */
        ACCURACY,
        /** The test/ split of a class-folder dataset ({@code bench dataset}). */
        DATASET
    }

    /**
     * What to tune.
     *
     * @param on              what a configuration is scored on
     * @param learner         the one learner id tuned ({@link BenchLearners#IDS})
     * @param grid            the configurations to try
     * @param validationSeeds {@link On#ACCURACY}: the stream seeds scored; {@link On#DATASET}: the sample-order seed
     * @param allowReportSeed {@link On#ACCURACY}: accept the seed {@code bench accuracy} reports on
     * @param budgetCheck     the number of configurations the grid must have, if given
     * @param dataset         {@link On#DATASET}: the dataset run (its learners and seed are replaced); else null
     */
    public record Options(On on, String learner, TuneGrid grid, List<Long> validationSeeds, boolean allowReportSeed,
                          OptionalInt budgetCheck, DatasetBench.Options dataset) {

        /** Copies the seed list. */
        public Options {
            validationSeeds = List.copyOf(validationSeeds);
        }

        /** Tuning on the synthetic stream's held-out subjects at {@code seeds}. */
        public static Options onAccuracy(String learner, TuneGrid grid, List<Long> seeds, boolean allowReportSeed,
                                       OptionalInt budgetCheck) {
            return new Options(On.ACCURACY, learner, grid, seeds, allowReportSeed, budgetCheck, null);
        }

        /** Tuning on {@code dataset}'s test/ split, samples in the order of its seed. */
        public static Options onDataset(String learner, TuneGrid grid, DatasetBench.Options dataset,
                                      OptionalInt budgetCheck) {
            return new Options(On.DATASET, learner, grid, List.of(dataset.seed()), false, budgetCheck, dataset);
        }
    }

    /**
     * One validation run's scores.
     *
     * @param seed    {@link On#ACCURACY}: the stream seed; {@link On#DATASET}: the sample-order seed
     * @param heldOut held-out (validation) accuracy
     * @param learned strict test-then-train accuracy on the learned part
     */
    public record SeedScore(long seed, double heldOut, double learned) {
    }

    /**
     * One configuration's result.
     *
     * @param order    its 1-based position in grid order
     * @param settings the grid's keys and this configuration's values, in grid order
     * @param score    mean validation accuracy over the seeds
     * @param perSeed  the scores of each seed, in the order given
     * @param learned  mean strict test-then-train accuracy over the seeds
     * @param wallMs   wall time of all its runs, ms
     */
    public record Trial(int order, Map<String, String> settings, double score, List<SeedScore> perSeed,
                        double learned, long wallMs) {

        /** Copies the settings and scores. */
        public Trial {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            perSeed = List.copyOf(perSeed);
        }

        /** The settings as {@code key=v key2=w}, or {@code defaults} for the empty grid. */
        public String label() {
            return TuneGrid.label(settings);
        }

        /** The settings as options to paste, {@code --key=v --key2=w} (empty for the defaults). */
        public String options() {
            return String.join(" ", settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toList());
        }
    }

    /**
     * A finished search.
     *
     * @param learner    the learner's id
     * @param validation what the configurations were scored on
     * @param ranked     every configuration, best first (ties in grid order)
     */
    public record Result(String learner, String validation, List<Trial> ranked) {

        /** Copies the ranking. */
        public Result {
            ranked = List.copyOf(ranked);
        }

        /** The number of configurations tried. */
        public int budget() {
            return ranked.size();
        }

        /** The best configuration. */
        public Trial winner() {
            return ranked.get(0);
        }
    }

    /** Validation seeds of {@link On#ACCURACY} when none are given. */
    public static final List<Long> DEFAULT_VALIDATION_SEEDS = List.of(7L);

    /** Best score first (a score without held-out instances last), then grid order. */
    static final Comparator<Trial> RANKING = Comparator
            .comparingDouble((Trial t) -> Double.isNaN(t.score()) ? Double.NEGATIVE_INFINITY : t.score()).reversed()
            .thenComparingInt(Trial::order);

    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    private final ServiceConfig config;
    private final SyntheticSettings synthetic;
    private final Options options;
    private final PrintStream out;

    /** A search over {@code options.grid()} on top of {@code config} (the fixed keys), printing to {@code out}. */
    public TuneBench(ServiceConfig config, Options options, PrintStream out) {
        this.config = config;
        this.synthetic = Settings.of(config).synthetic();
        this.options = options;
        this.out = out;
    }

    /** What this search tries. */
    public Options options() {
        return options;
    }

    /** Checks every option and configuration, then scores each configuration in grid order; returns the ranking. */
    public Result run() throws IOException {
        String learner = learnerId();
        TuneGrid grid = options.grid();
        if (options.budgetCheck().isPresent() && options.budgetCheck().getAsInt() != grid.size()) {
            throw new IllegalArgumentException("--budget-check=" + options.budgetCheck().getAsInt() + " but --grid ("
                    + grid + ") has " + grid.size() + " configuration(s): every learner must be tuned with the same "
                    + "number of configurations");
        }
        checkSeeds();
        SampleDataset data = options.on() == On.DATASET ? dataset() : null;
        grid.check(config, options.on() == On.ACCURACY
                ? Map.of("synthetic.seed", "it is set to each validation seed (--validation-seeds)")
                : Map.of("learner.classes", "the classes come from the dataset's folders"));
        List<Map<String, String>> configurations = grid.configurations();
        for (Map<String, String> settings : configurations) {
            check(TuneGrid.apply(config, settings), learner, data, settings);
        }
        String validation = validation(data);
        TuneReport.header(out, learner, grid, validation);
        List<Trial> trials = new ArrayList<>();
        for (Map<String, String> settings : configurations) {
            TuneReport.start(out, trials.size() + 1, configurations.size(), settings);
            Trial t = trial(trials.size() + 1, settings, learner);
            TuneReport.finish(out, t);
            trials.add(t);
        }
        List<Trial> ranked = new ArrayList<>(trials);
        ranked.sort(RANKING);
        Result result = new Result(learner, validation, ranked);
        TuneReport.ranking(out, result);
        return result;
    }

    private String learnerId() {
        String id = options.learner() == null ? "" : options.learner().trim().toLowerCase(Locale.ROOT);
        if (id.isEmpty() || id.contains(",")) {
            throw new IllegalArgumentException("--learner takes one learner id, got '" + options.learner() + "'; "
                    + "tune each learner in its own run with the same --budget-check (learners: "
                    + String.join(", ", BenchLearners.IDS) + ")");
        }
        return id;
    }

    private void checkSeeds() {
        List<Long> seeds = options.validationSeeds();
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("--validation-seeds is empty: give at least one seed");
        }
        if (new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("--validation-seeds lists a seed twice: " + seeds);
        }
        if (options.on() != On.ACCURACY || options.allowReportSeed()) {
            return;
        }
        for (long reported : reportSeeds()) {
            if (seeds.contains(reported)) {
                throw new IllegalArgumentException("--validation-seeds includes " + reported + ", the synthetic.seed "
                        + "that bench accuracy reports on: settings chosen on it would be tuned on the reported "
                        + "figure. Validate on other seeds (default " + join(DEFAULT_VALIDATION_SEEDS) + "), or pass --allow-report-seed for a run whose "
                        + "figure is not reported");
            }
        }
    }

    /** The seeds {@code bench accuracy} reports on: the {@code synthetic.seed} default and the configured one. */
    private Set<Long> reportSeeds() {
        Set<Long> seeds = new LinkedHashSet<>();
        seeds.add(Settings.defaults().synthetic().seed());
        seeds.add(synthetic.seed());
        return seeds;
    }

    private SampleDataset dataset() throws IOException {
        SampleDataset data = SampleDataset.open(options.dataset().dataset());
        if (data.test().isEmpty()) {
            throw new IllegalArgumentException("--dataset " + options.dataset().dataset() + " has no test/ split: "
                    + "there is nothing to validate on");
        }
        return data;
    }

    /** Checks one configuration as its runs will use it. */
    private static void check(ServiceConfig c, String learner, SampleDataset data, Map<String, String> settings) {
        try {
            Settings run = Settings.of(data == null ? c : DatasetBench.withClasses(c, data.classes()));
            if (data == null) {
                run.learner().requireGestureClasses();
                if (run.synthetic().testSubjects() < 1) {
                    throw new IllegalArgumentException("configuration key 'synthetic.test-subjects' must be at least "
                            + "1: the held-out subjects are the validation data");
                }
            }
            BenchLearners.of(learner, run.learner()).name();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((settings.isEmpty() ? "" : "--grid configuration "
                    + settings + ": ") + e.getMessage(), e);
        }
    }

    private String validation(SampleDataset data) {
        if (data == null) {
            return String.format(Locale.ROOT, "the %d held-out subject(s) of the synthetic stream (never learned) at "
                            + "validation seed(s) %s; the reported seed(s) %s %s", synthetic.testSubjects(),
                    join(options.validationSeeds()), join(reportSeeds()), options.allowReportSeed() ? "allowed by --allow-report-seed" : "not used");
        }
        return String.format(Locale.ROOT, "the test/ split of %s (never learned; sample order seed %d), treated as "
                + "the validation split: report figures on data not used to choose", data.describe(),
                options.dataset().seed());
    }

    private static String join(Collection<Long> seeds) {
        return String.join(",", seeds.stream().map(String::valueOf).toList());
    }

    private Trial trial(int order, Map<String, String> settings, String learner) throws IOException {
        ServiceConfig c = TuneGrid.apply(config, settings);
        long start = System.nanoTime();
        List<SeedScore> scores = new ArrayList<>();
        for (long seed : options.validationSeeds()) {
            BenchRun r = validationRun(c, learner, seed);
            scores.add(new SeedScore(seed, r.evaluation().heldOut().accuracy(), r.evaluation().learned().accuracy()));
        }
        return new Trial(order, settings, scores.stream().mapToDouble(SeedScore::heldOut).average().orElse(Double.NaN),
                scores, scores.stream().mapToDouble(SeedScore::learned).average().orElse(Double.NaN),
                (System.nanoTime() - start) / 1_000_000);
    }

    private BenchRun validationRun(ServiceConfig c, String learner, long seed) throws IOException {
        if (options.on() == On.ACCURACY) {
            return new AccuracyBench(c.with("synthetic.seed", Long.toString(seed)), learner, DISCARD,
                    DashboardFeed.NONE).run().get(0);
        }
        DatasetBench.Options d = options.dataset();
        return new DatasetBench(c, new DatasetBench.Options(d.dataset(), d.epochs(), seed, learner, d.gapUs(),
                d.read()), DISCARD).run().get(0);
    }
}
