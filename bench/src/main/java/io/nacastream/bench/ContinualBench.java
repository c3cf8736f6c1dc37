package io.nacastream.bench;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.synth.ScheduledTake;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.bp.BackpropLearner;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import io.nacastream.service.config.LearnerSettings;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import io.nacastream.service.config.SyntheticSettings;
import io.nacastream.service.dashboard.DashboardFeed;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code bench continual}: the class-incremental protocol on the synthetic stream. Classes arrive in tasks (shuffled
 * with the seed, {@code classesPerTask} each: 11 tasks of one class by default). During task j the learner sees only
 * the learned subjects' gestures of task j's classes; after it, learning is off and every held-out gesture of every
 * class seen so far is scored. R[j][i] is the accuracy on task i's classes after task j; the benchmark reports the
 * average accuracy over the tasks seen after each task, the final average and the backward transfer
 * BWT = mean over i &lt; T of (R[T][i] - R[i][i]) (negative: forgetting). NACA's plasticity mask, where enabled, is
 * computed from each stream's own input activity, never from labels.
 */
public final class ContinualBench {

    /** Result of one learner under the protocol. */
    public record Result(String name, List<Set<Integer>> tasks, double[][] r) {

        /** Average accuracy over tasks 0..j after task j. */
        public double averageAfter(int j) {
            double sum = 0;
            for (int i = 0; i <= j; i++) {
                sum += r[j][i];
            }
            return sum / (j + 1);
        }

        /** Average accuracy over all tasks after the last one. */
        public double finalAverage() {
            return averageAfter(r.length - 1);
        }

        /** Backward transfer: mean change of each earlier task's accuracy from right after it to the end. */
        public double backwardTransfer() {
            int last = r.length - 1;
            if (last == 0) {
                return 0;
            }
            double sum = 0;
            for (int i = 0; i < last; i++) {
                sum += r[last][i] - r[i][i];
            }
            return sum / last;
        }
    }

    private final Settings settings;
    private final int classesPerTask;
    private final Set<String> learners;
    private final PrintStream out;
    private final DashboardFeed dashboard;

    /**
     * Mask δ used when {@code learner.mask-delta} is 0: chosen on a validation stream (seed 7, not the benchmark's
     * seed 42) among 0.2, 0.5, 0.8, 0.9, 0.95 (BENCHMARKS.md).
     */
    public static final float DEFAULT_MASK_DELTA = 0.5f;

    /** Names of the learners this benchmark can run. */
    public static final List<String> LEARNERS = List.of("naca", "naca-mask", "naca-fixed", "naca-reference", "bp",
            "bp-ewc", "softmax", "ridge", "drtp", "dfa", "sbp", "backei");

    /** The learners of NACA's lineage, run as {@link BenchLearners} builds them (issue 24). */
    private static final List<String> LINEAGE = List.of("drtp", "dfa", "sbp", "backei");

    /**
     * A benchmark with this configuration and task size, running {@code learners} (a subset of {@link #LEARNERS}),
     * printing to {@code out}.
     */
    public ContinualBench(ServiceConfig config, int classesPerTask, Set<String> learners, PrintStream out) {
        this(config, classesPerTask, learners, out, DashboardFeed.NONE);
    }

    /** As above, also showing each learner's accuracy per task on {@code dashboard} after every task. */
    public ContinualBench(ServiceConfig config, int classesPerTask, Set<String> learners, PrintStream out,
                          DashboardFeed dashboard) {
        this.dashboard = dashboard;
        if (learners.isEmpty() || !LEARNERS.containsAll(learners)) {
            throw new IllegalArgumentException("learners must be among " + LEARNERS + ", got " + learners);
        }
        this.learners = learners;
        this.settings = Settings.of(config);
        settings.learner().requireGestureClasses();
        if (classesPerTask < 1 || classesPerTask > ClassNames.dvsGesture().count()) {
            throw new IllegalArgumentException("classes-per-task must be in 1..11, got " + classesPerTask);
        }
        this.classesPerTask = classesPerTask;
        this.out = out;
    }

    /**
     * Runs the protocol for the selected learners: NACA (without and with the plasticity mask, and with a fixed random
     * hidden layer, and the reference rule), BP, BP + EWC, the softmax and the ridge regression on pooled counts, and
     * NACA's lineage: DRTP, DFA, SBP and BackEISNN.
     */
    public List<Result> run() {
        SyntheticSettings synthetic = settings.synthetic();
        int train = synthetic.trainSubjects();
        int test = synthetic.testSubjects();
        long gapUs = synthetic.gapUs();
        EncoderConfig encoder = settings.encoder();
        SyntheticCorpus corpus = SyntheticCorpus.render(synthetic.seed(), train, test, synthetic.takeUs(), gapUs,
                encoder, out);
        List<Set<Integer>> tasks = tasks(synthetic.seed());
        out.printf("class-incremental: %d tasks %s; %d learned subjects train, %d held-out subjects score%n",
                tasks.size(), tasks, train, test);
        LearnerSettings learner = settings.learner();
        long interval = learner.predictionIntervalUs();
        NacaConfig naca = learner.naca();
        float delta = naca.maskDelta() > 0 ? naca.maskDelta() : DEFAULT_MASK_DELTA;
        float lambda = (float) learner.baselines().bpEwcLambda();
        List<Result> results = new ArrayList<>();
        Result nacaPlain = null;
        Result nacaMask = null;
        Result bp = null;
        if (learners.contains("naca")) {
            nacaPlain = run("naca", l -> new NacaLearner(new NacaNetwork(naca.toBuilder().mask(0f, 100_000).build()),
                    l, interval, false), corpus, tasks, gapUs);
            results.add(nacaPlain);
        }
        if (learners.contains("naca-mask")) {
            nacaMask = run("naca + mask (delta " + delta + ")", l -> new NacaLearner(new NacaNetwork(naca.toBuilder()
                    .mask(delta, naca.maskWindowUs()).build()), l, interval, false), corpus, tasks, gapUs);
            results.add(nacaMask);
        }
        if (learners.contains("naca-fixed")) {
            results.add(run("naca (fixed hidden)", l -> new NacaLearner(new NacaNetwork(naca.toBuilder()
                    .mask(0f, 100_000).learningRates(0f, naca.etaOutput()).build()), l, interval, false), corpus,
                    tasks, gapUs));
        }
        if (learners.contains("naca-reference")) {
            results.add(run("naca (reference rule)", l -> new NacaLearner(new NacaNetwork(BenchLearners.reference(naca)
                    .toBuilder().mask(0f, 100_000).build()), l, interval, false), corpus, tasks, gapUs));
        }
        if (learners.contains("bp")) {
            bp = run("bp", l -> new BackpropLearner(Learners.bp(learner).withEwc(0f), l, interval,
                    false), corpus, tasks, gapUs);
            results.add(bp);
        }
        if (learners.contains("bp-ewc")) {
            results.add(run("bp + ewc (lambda " + lambda + ")", l -> new BackpropLearner(
                    Learners.bp(learner).withEwc(lambda), l, interval, false), corpus, tasks, gapUs));
        }
        if (learners.contains("softmax")) {
            results.add(run("softmax on counts", l -> Learners.softmax(learner, l, interval, false),
                    corpus, tasks, gapUs));
        }
        if (learners.contains("ridge")) {
            results.add(run("ridge on counts", l -> Learners.ridge(learner, l, interval, false),
                    corpus, tasks, gapUs));
        }
        for (String id : LINEAGE) {
            if (learners.contains(id)) {
                BenchLearners.Spec spec = BenchLearners.of(id, learner);
                results.add(run(spec.name(), spec.factory(), corpus, tasks, gapUs));
            }
        }
        table(results, tasks);
        if (bp != null && (nacaPlain != null || nacaMask != null)) {
            double nacaBest = Math.max(nacaPlain == null ? 0 : nacaPlain.finalAverage(),
                    nacaMask == null ? 0 : nacaMask.finalAverage());
            out.printf("%ntarget NACA average accuracy after the last task >= 2x BP's: %.1f%% vs %.1f%% = %.2fx %s%n",
                    100 * nacaBest, 100 * bp.finalAverage(), nacaBest / bp.finalAverage(),
                    nacaBest >= 2 * bp.finalAverage() ? "MET" : "NOT MET");
        }
        return results;
    }

    private List<Set<Integer>> tasks(long seed) {
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < ClassNames.dvsGesture().count(); c++) {
            order.add(c);
        }
        Collections.shuffle(order, new Random(seed));
        List<Set<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < order.size(); i += classesPerTask) {
            tasks.add(new TreeSet<>(order.subList(i, Math.min(order.size(), i + classesPerTask))));
        }
        return tasks;
    }

    private Result run(String name, Function<LabelBook, OnlineLearner> factory, SyntheticCorpus corpus,
                       List<Set<Integer>> tasks, long gapUs) {
        out.printf("running %s ...%n", name);
        long start = System.nanoTime();
        LabelBook labels = new LabelBook();
        OnlineLearner learner = factory.apply(labels);
        Player player = new Player(labels, learner, gapUs);
        int t = tasks.size();
        double[][] r = new double[t][t];
        Set<Integer> seen = new TreeSet<>();
        for (int j = 0; j < t; j++) {
            Set<Integer> task = tasks.get(j);
            seen.addAll(task);
            for (SyntheticCorpus.Session s : corpus.sessions()) {
                for (ScheduledTake take : s.plan().takes()) {
                    if (take.learn() && task.contains(take.gesture().id())) {
                        player.play(s, take, s.plan().streamId(), true);
                    }
                }
            }
            learner.finish(player);
            if (learner instanceof BackpropLearner bp) {
                bp.consolidate();
            }
            player.results.clear();
            for (SyntheticCorpus.Session s : corpus.sessions()) {
                for (ScheduledTake take : s.plan().takes()) {
                    if (!take.learn() && seen.contains(take.gesture().id())) {
                        player.play(s, take, "eval" + j + "-" + s.plan().streamId(), false);
                    }
                }
            }
            learner.finish(player);
            for (int i = 0; i <= j; i++) {
                Set<Integer> classes = tasks.get(i);
                List<SegmentResult> mine = player.results.stream()
                        .filter(x -> !x.learned() && classes.contains(x.trueClass())).toList();
                r[j][i] = mine.isEmpty() ? Double.NaN : mine.stream().filter(SegmentResult::correct).count()
                        / (double) mine.size();
            }
            dashboard.tasks(name, tasks, r, j + 1);
            out.printf("  after task %2d %-12s average over seen tasks %5.1f%%%n", j + 1, tasks.get(j),
                    100 * new Result(name, tasks, r).averageAfter(j));
        }
        Result result = new Result(name, tasks, r);
        out.printf("  final %.1f%%, BWT %+.1f points (%.1f s)%n", 100 * result.finalAverage(),
                100 * result.backwardTransfer(), (System.nanoTime() - start) / 1e9);
        return result;
    }

    private void table(List<Result> results, List<Set<Integer>> tasks) {
        out.println();
        StringBuilder head = new StringBuilder("| learner |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int j = 0; j < tasks.size(); j++) {
            head.append(" T").append(j + 1).append(" |");
            rule.append("---:|");
        }
        out.println(head.append(" final avg | BWT |"));
        out.println(rule.append("---:|---:|"));
        for (Result r : results) {
            StringBuilder row = new StringBuilder("| " + r.name() + " |");
            for (int j = 0; j < tasks.size(); j++) {
                row.append(String.format(" %.0f |", 100 * r.averageAfter(j)));
            }
            out.println(row.append(String.format(" **%.1f%%** | %+.1f |", 100 * r.finalAverage(),
                    100 * r.backwardTransfer())));
        }
    }

    /** Plays takes of sessions onto stream ids, each stream's clock running on without gaps or reversals. */
    private static final class Player implements LearnerListener {
        final LabelBook labels;
        final OnlineLearner learner;
        final long gapUs;
        final Map<String, Long> clock = new HashMap<>();
        final List<SegmentResult> results = new ArrayList<>();

        Player(LabelBook labels, OnlineLearner learner, long gapUs) {
            this.labels = labels;
            this.learner = learner;
            this.gapUs = gapUs;
        }

        void play(SyntheticCorpus.Session s, ScheduledTake take, String streamId, boolean learn) {
            long from = take.startUs() - gapUs;
            long shift = clock.getOrDefault(streamId, 0L) - from;
            labels.add(new LabelSegment(streamId, take.gesture().id(), take.startUs() + shift, take.endUs() + shift,
                    learn));
            SpikeTrain chunk = s.cut(from, take.endUs(), streamId, shift);
            learner.process(chunk, this);
            clock.put(streamId, take.endUs() + shift);
        }

        @Override
        public void onPrediction(Prediction prediction) {
        }

        @Override
        public void onSegment(SegmentResult result) {
            results.add(result);
        }
    }
}
