package io.nacastream.bench;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.synth.ScheduledTake;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import io.nacastream.service.config.SyntheticSettings;
import io.nacastream.service.dashboard.DashboardFeed;
import io.nacastream.sink.EnergyReport;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench accuracy}: one seeded synthetic stream (default 20 learned + 6 held-out subjects, 11 classes), a single
 * pass, fed identically to every selected learner (default NACA in event mode, NACA in tick mode and the backprop
 * baseline); prints accuracy, κ, energy per event and CPU time per event, and checks issue 19's targets when both
 * {@code naca-event} and {@code bp} ran.
 */
public final class AccuracyBench {

    /** Default learners. */
    public static final String DEFAULT_LEARNERS = BenchLearners.DEFAULT;

    private final Settings settings;
    private final String learners;
    private final PrintStream out;
    private final DashboardFeed dashboard;

    /** A benchmark of the default learners with this configuration (the service's keys), printing to {@code out}. */
    public AccuracyBench(ServiceConfig config, PrintStream out) {
        this(config, DEFAULT_LEARNERS, out, DashboardFeed.NONE);
    }

    /** As above, also showing each learner's energy on {@code dashboard} as its run ends. */
    public AccuracyBench(ServiceConfig config, PrintStream out, DashboardFeed dashboard) {
        this(config, DEFAULT_LEARNERS, out, dashboard);
    }

    /** A benchmark of the comma-separated learner ids {@code learners} ({@link BenchLearners#IDS}). */
    public AccuracyBench(ServiceConfig config, String learners, PrintStream out, DashboardFeed dashboard) {
        this.settings = Settings.of(config);
        this.learners = learners;
        this.out = out;
        this.dashboard = dashboard;
    }

    /** Runs the benchmark and returns the runs, one per learner in the order selected. */
    public List<BenchRun> run() {
        SyntheticSettings synthetic = settings.synthetic();
        int train = synthetic.trainSubjects();
        int test = synthetic.testSubjects();
        settings.learner().requireGestureClasses();
        EncoderConfig encoder = settings.encoder();
        List<BenchLearners.Spec> specs = BenchLearners.parse(learners, settings.learner());
        long t0 = System.nanoTime();
        SyntheticCorpus corpus = SyntheticCorpus.render(synthetic.seed(), train, test, synthetic.takeUs(),
                synthetic.gapUs(), encoder, out);
        out.printf("corpus: %d learned + %d held-out subjects x 11 gestures, %,d events -> %,d input spikes "
                + "(rendered in %.1f s)%n", train, test, corpus.events(), corpus.spikes(), (System.nanoTime() - t0) / 1e9);
        List<SpikeTrain> trains = corpus.sessions().stream().flatMap(s -> s.trains().stream()).toList();
        EnergyModel model = settings.energy();
        List<BenchRun> runs = new ArrayList<>();
        Map<String, BenchRun> byId = new HashMap<>();
        for (BenchLearners.Spec spec : specs) {
            BenchRun r = run(spec, corpus, trains, model);
            runs.add(r);
            byId.put(spec.id(), r);
        }
        BenchReport.table(out, runs);
        if (byId.containsKey("naca-event") && byId.containsKey("bp")) {
            targets(byId.get("naca-event"), byId.get("bp"));
        }
        return runs;
    }

    private BenchRun run(BenchLearners.Spec learner, SyntheticCorpus corpus, List<SpikeTrain> trains,
                         EnergyModel model) {
        LabelBook labels = new LabelBook();
        for (ScheduledTake take : corpus.takes()) {
            labels.add(take.label());
        }
        out.printf("running %s ...%n", learner.name());
        ClassNames classes = ClassNames.dvsGesture();
        BenchRun r = BenchRun.of(learner.name(), learner.factory(), labels, trains, model, classes.count());
        BenchReport.run(out, r, classes, "unseen subjects, never learned, chance 9.1%");
        EnergyReport e = r.energy();
        dashboard.energy(new EnergyReport(e.wallTimeMs(), r.name(), e.counts(), e.model(), e.joules(),
                e.forwardJoules(), e.learningJoules()));
        return r;
    }

    private void targets(BenchRun naca, BenchRun bp) {
        double nacaAcc = naca.evaluation().heldOut().accuracy();
        double bpAcc = bp.evaluation().heldOut().accuracy();
        double ratio = naca.energy().joulesPerEvent() / bp.energy().joulesPerEvent();
        double share = naca.evaluation().heldOut().largestPredictedShareRatio();
        out.println();
        out.printf("target NACA held-out segment accuracy >= 90%%: %.1f%% %s%n", 100 * nacaAcc,
                nacaAcc >= 0.9 ? "MET" : "NOT MET");
        out.printf("target no class predicted for more than 2x its share of held-out segments: %.2fx %s%n", share,
                share <= 2 ? "MET" : "NOT MET");
        out.printf("target NACA energy per input spike <= 50%% of BP's at <= 3 points less accuracy: %.1f%%, %+.1f "
                + "points %s%n", 100 * ratio, 100 * (nacaAcc - bpAcc), ratio <= 0.5 && nacaAcc >= bpAcc - 0.03
                ? "MET" : "NOT MET");
    }
}
