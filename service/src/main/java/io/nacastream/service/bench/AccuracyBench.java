package io.nacastream.service.bench;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.synth.ScheduledTake;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.bp.BackpropLearner;
import io.nacastream.learner.eval.Evaluation;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import io.nacastream.service.LearnerFactory;
import io.nacastream.service.ReportText;
import io.nacastream.service.ServiceConfig;
import io.nacastream.service.dashboard.DashboardFeed;
import io.nacastream.sink.EnergyModel;
import io.nacastream.sink.EnergyReport;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code bench accuracy}: one seeded synthetic stream (default 20 learned + 6 held-out subjects, 11 classes), a single
 * pass, fed identically to NACA (event mode), NACA (tick mode) and the backprop baseline; prints accuracy, κ, energy
 * per event and CPU time per event, and checks issue 3's targets.
 */
public final class AccuracyBench {

    private final ServiceConfig config;
    private final PrintStream out;
    private final DashboardFeed dashboard;

    /** A benchmark with this configuration (the service's keys), printing to {@code out}. */
    public AccuracyBench(ServiceConfig config, PrintStream out) {
        this(config, out, DashboardFeed.NONE);
    }

    /** As above, also showing each learner's energy on {@code dashboard} as its run ends. */
    public AccuracyBench(ServiceConfig config, PrintStream out, DashboardFeed dashboard) {
        this.config = config;
        this.out = out;
        this.dashboard = dashboard;
    }

    /** Runs the benchmark and returns the runs (NACA event, NACA tick, BP). */
    public List<BenchRun> run() {
        int train = config.integer("synthetic.train-subjects");
        int test = config.integer("synthetic.test-subjects");
        EncoderConfig encoder = new EncoderConfig(128, 128, config.integer("encoder.pool"),
                config.longValue("encoder.denoise-us"), config.longValue("encoder.refractory-us"));
        long t0 = System.nanoTime();
        SyntheticCorpus corpus = SyntheticCorpus.render(config.longValue("synthetic.seed"), train, test,
                config.integer("synthetic.take-ms") * 1000L, config.integer("synthetic.gap-ms") * 1000L, encoder, out);
        out.printf("corpus: %d learned + %d held-out subjects x 11 gestures, %,d events -> %,d input spikes "
                + "(rendered in %.1f s)%n", train, test, corpus.events(), corpus.spikes(), (System.nanoTime() - t0) / 1e9);
        List<SpikeTrain> trains = corpus.sessions().stream().flatMap(s -> s.trains().stream()).toList();
        EnergyModel model = new EnergyModel(config.decimal("energy.pj-per-ac"), config.decimal("energy.pj-per-mac"));
        long interval = config.longValue("prediction.interval-ms") * 1000;
        int inputs = encoder.inputCount();
        NacaConfig naca = LearnerFactory.naca(config, inputs);

        List<BenchRun> runs = new ArrayList<>();
        runs.add(run("naca (event)", l -> new NacaLearner(new NacaNetwork(naca.toBuilder()
                .mode(NacaConfig.Mode.EVENT).build()), l, interval, true), corpus, trains, model));
        runs.add(run("naca (tick " + naca.tickUs() / 1000 + " ms)", l -> new NacaLearner(new NacaNetwork(naca.toBuilder()
                .mode(NacaConfig.Mode.TICK).build()), l, interval, true), corpus, trains, model));
        runs.add(run("bp (" + config.longValue("bp.bin-us") / 1000 + " ms frames)",
                l -> new BackpropLearner(LearnerFactory.bp(config, inputs).withEwc(0f), l, interval, true),
                corpus, trains, model));
        table(runs);
        targets(runs.get(0), runs.get(2));
        return runs;
    }

    private BenchRun run(String name, Function<LabelBook, OnlineLearner> factory, SyntheticCorpus corpus,
                         List<SpikeTrain> trains, EnergyModel model) {
        LabelBook labels = new LabelBook();
        for (ScheduledTake take : corpus.takes()) {
            labels.add(take.label());
        }
        out.printf("running %s ...%n", name);
        BenchRun r = BenchRun.of(name, factory, labels, trains, model, LearnerFactory.CLASSES);
        out.println("  held-out:    " + ReportText.evaluation(r.evaluation().heldOut()));
        out.println("  prequential: " + ReportText.evaluation(r.evaluation().learned()));
        out.println("  predictions: " + ReportText.evaluation(r.evaluation().predictions()));
        ReportText.energy(out, r.energy());
        EnergyReport e = r.energy();
        dashboard.energy(new EnergyReport(e.wallTimeMs(), name, e.counts(), e.model(), e.joules(), e.forwardJoules(),
                e.learningJoules()));
        return r;
    }

    private void table(List<BenchRun> runs) {
        out.println();
        out.println("| learner | held-out acc | held-out κ | prequential acc | energy / input spike | forward | learning "
                + "| CPU / input spike | wall |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (BenchRun r : runs) {
            Evaluation h = r.evaluation().heldOut();
            Evaluation p = r.evaluation().learned();
            double spikes = r.energy().counts().events();
            out.printf("| %s | %.1f%% (%d/%d) | %.3f | %.1f%% | %.3g nJ | %.3g nJ | %.3g nJ | %.2f µs | %.1f s |%n",
                    r.name(), 100 * h.accuracy(), h.correct(), h.instances(), h.kappa(), 100 * p.accuracy(),
                    r.energy().joulesPerEvent() * 1e9, r.energy().forwardJoules() / spikes * 1e9,
                    r.energy().learningJoules() / spikes * 1e9, r.energy().counts().cpuNanosPerEvent() / 1000,
                    r.wallMs() / 1000.0);
        }
    }

    private void targets(BenchRun naca, BenchRun bp) {
        double nacaAcc = naca.evaluation().heldOut().accuracy();
        double bpAcc = bp.evaluation().heldOut().accuracy();
        double ratio = naca.energy().joulesPerEvent() / bp.energy().joulesPerEvent();
        out.println();
        out.printf("target NACA held-out segment accuracy >= 90%%: %.1f%% %s%n", 100 * nacaAcc,
                nacaAcc >= 0.9 ? "MET" : "NOT MET");
        out.printf("target NACA energy per event <= 10%% of BP's: %.1f%% %s%n", 100 * ratio,
                ratio <= 0.1 ? "MET" : "NOT MET");
        out.printf("target NACA at most 3 points below BP: %+.1f points %s%n", 100 * (nacaAcc - bpAcc),
                nacaAcc >= bpAcc - 0.03 ? "MET" : "NOT MET");
    }
}
