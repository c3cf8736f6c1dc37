package io.nacastream.bench;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.label.LabelSegment;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench accuracy}: one seeded synthetic stream (default 20 learned + 6 held-out subjects, 11 classes), fed
 * identically to every selected learner: the learned subjects once, or {@code epochs} times (each further pass in a
 * seeded shuffle of the subjects, replayed under new stream ids), then the held-out subjects, never learned. Prints
 * accuracy, κ, energy per event and CPU time per event, and checks issue 19's targets when both {@code naca-event}
 * and {@code bp} ran.
 */
public final class AccuracyBench {

    /** Default learners. */
    public static final String DEFAULT_LEARNERS = BenchLearners.DEFAULT;

    private final Settings settings;
    private final String learners;
    private final PrintStream out;
    private final DashboardFeed dashboard;
    private final int epochs;

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
        this(config, learners, 1, out, dashboard);
    }

    /** As above, with {@code epochs} passes over the learned subjects (at least 1) before the held-out ones. */
    public AccuracyBench(ServiceConfig config, String learners, int epochs, PrintStream out, DashboardFeed dashboard) {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, not " + epochs);
        }
        this.settings = Settings.of(config);
        this.learners = learners;
        this.epochs = epochs;
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
        List<SyntheticCorpus.Session> learned = corpus.sessions().subList(0, train);
        List<SyntheticCorpus.Session> heldOut = corpus.sessions().subList(train, corpus.sessions().size());
        LabelBook labels = new LabelBook();
        List<SpikeTrain> trains = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            List<SyntheticCorpus.Session> pass = new ArrayList<>(learned);
            if (epoch > 1) {
                Collections.shuffle(pass, new Random(synthetic.seed() + epoch));
            }
            for (SyntheticCorpus.Session s : pass) {
                stream(s, epoch == 1 ? s.plan().streamId() : s.plan().streamId() + "/epoch" + epoch, labels, trains);
            }
        }
        for (SyntheticCorpus.Session s : heldOut) {
            stream(s, s.plan().streamId(), labels, trains);
        }
        if (epochs > 1) {
            out.printf("stream: %d epochs over the %d learned subjects (each further pass in a shuffle of seed %d + "
                    + "epoch, under new stream ids), then the %d held-out subjects%n", epochs, train, synthetic.seed(),
                    test);
        }
        EnergyModel model = settings.energy();
        List<BenchRun> runs = new ArrayList<>();
        Map<String, BenchRun> byId = new HashMap<>();
        for (BenchLearners.Spec spec : specs) {
            BenchRun r = run(spec, labels, trains, model);
            runs.add(r);
            byId.put(spec.id(), r);
        }
        BenchReport.table(out, runs);
        if (byId.containsKey("naca-event") && byId.containsKey("bp")) {
            targets(byId.get("naca-event"), byId.get("bp"));
        }
        return runs;
    }

    /** Appends session {@code s}'s trains and labels to the stream as stream {@code streamId}. */
    private static void stream(SyntheticCorpus.Session s, String streamId, LabelBook labels, List<SpikeTrain> trains) {
        for (ScheduledTake take : s.plan().takes()) {
            LabelSegment l = take.label();
            labels.add(new LabelSegment(streamId, l.classId(), l.startUs(), l.endUs(), l.learn()));
        }
        for (SpikeTrain t : s.trains()) {
            trains.add(t.onStream(streamId));
        }
    }

    private BenchRun run(BenchLearners.Spec learner, LabelBook labels, List<SpikeTrain> trains, EnergyModel model) {
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
