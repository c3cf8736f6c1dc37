package io.nacastream.bench;

import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.eval.Evaluation;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The report every accuracy benchmark prints per learner (held-out accuracy and strict test-then-train accuracy, with
 * κ, periodic predictions, the held-out confusion matrix, energy per input spike and per correct held-out sample, CPU
 * per input spike, wall time) and the table comparing them.
 */
final class BenchReport {

    private BenchReport() {
    }

    /** One learner's report; the held-out line starts with {@code held-out} and names {@code heldOutScope}. */
    static void run(PrintStream out, BenchRun r, ClassNames classes, String heldOutScope) {
        out.println("== " + r.name() + " ==");
        out.println("held-out (" + heldOutScope + "): " + ReportText.evaluation(r.evaluation().heldOut()));
        out.println("test-then-train (each learned segment scored before learning it): "
                + ReportText.evaluation(r.evaluation().learned()));
        out.println("predictions (every prediction interval under a label, diagnostic): "
                + ReportText.evaluation(r.evaluation().predictions()));
        if (r.evaluation().heldOut().instances() > 0) {
            out.println("held-out confusion matrix (rows: true class, columns: predicted):");
            ReportText.confusion(out, r.evaluation().heldOut(), classes);
        }
        ReportText.energy(out, r.energy());
        out.printf(Locale.ROOT, "held-out energy %.3g J = %s per correct held-out segment%n", r.heldOut().joules(),
                r.evaluation().heldOut().correct() == 0 ? "none correct"
                        : String.format(Locale.ROOT, "%.3g µJ", r.joulesPerCorrectHeldOut() * 1e6));
        out.printf(Locale.ROOT, "wall     %.1f s in the learner%n", r.wallMs() / 1000.0);
    }

    /** The comparison table, a row per learner. */
    static void table(PrintStream out, List<BenchRun> runs) {
        out.println();
        out.println("| learner | held-out acc | held-out κ | test-then-train acc | test-then-train κ | energy / input "
                + "spike | of which learning | energy / correct held-out | CPU / input spike | wall |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (BenchRun r : runs) {
            Evaluation h = r.evaluation().heldOut();
            Evaluation p = r.evaluation().learned();
            double spikes = Math.max(1, r.energy().counts().events());
            double perCorrect = r.joulesPerCorrectHeldOut();
            out.printf(Locale.ROOT, "| %s | %.1f%% (%d/%d) | %.3f | %.1f%% (%d/%d) | %.3f | %.3g nJ | %.3g nJ | "
                            + "%s | %.2f µs | %.1f s |%n",
                    r.name(), 100 * h.accuracy(), h.correct(), h.instances(), h.kappa(), 100 * p.accuracy(),
                    p.correct(), p.instances(), p.kappa(), r.energy().joulesPerEvent() * 1e9,
                    r.energy().learningJoules() / spikes * 1e9,
                    Double.isNaN(perCorrect) ? "none correct" : String.format(Locale.ROOT, "%.3g µJ", perCorrect * 1e6),
                    r.energy().counts().cpuNanosPerEvent() / 1000, r.wallMs() / 1000.0);
        }
    }
}
