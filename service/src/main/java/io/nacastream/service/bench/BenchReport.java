package io.nacastream.service.bench;

import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.eval.Evaluation;
import io.nacastream.service.ReportText;

import java.io.PrintStream;
import java.util.List;

/**
 * The report every accuracy benchmark prints per learner (held-out accuracy and accuracy while learning, with κ,
 * periodic predictions, the held-out confusion matrix, energy and CPU per input spike, wall time) and the table comparing
 * them.
 */
final class BenchReport {

    private BenchReport() {
    }

    /** One learner's report; the held-out line starts with {@code held-out} and names {@code heldOutScope}. */
    static void run(PrintStream out, BenchRun r, ClassNames classes, String heldOutScope) {
        out.println("== " + r.name() + " ==");
        out.println("held-out (" + heldOutScope + "): " + ReportText.evaluation(r.evaluation().heldOut()));
        out.println("learned (scored while learning it, not held out): "
                + ReportText.evaluation(r.evaluation().learned()));
        out.println("predictions (every prediction interval under a label): "
                + ReportText.evaluation(r.evaluation().predictions()));
        if (r.evaluation().heldOut().instances() > 0) {
            out.println("held-out confusion matrix (rows: true class, columns: predicted):");
            ReportText.confusion(out, r.evaluation().heldOut(), classes);
        }
        ReportText.energy(out, r.energy());
        out.printf("wall     %.1f s in the learner%n", r.wallMs() / 1000.0);
    }

    /** The comparison table, a row per learner. */
    static void table(PrintStream out, List<BenchRun> runs) {
        out.println();
        out.println("| learner | held-out acc | held-out κ | acc while learning | energy / input spike | forward "
                + "| learning | CPU / input spike | wall |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (BenchRun r : runs) {
            Evaluation h = r.evaluation().heldOut();
            Evaluation p = r.evaluation().learned();
            double spikes = Math.max(1, r.energy().counts().events());
            out.printf("| %s | %.1f%% (%d/%d) | %.3f | %.1f%% | %.3g nJ | %.3g nJ | %.3g nJ | %.2f µs | %.1f s |%n",
                    r.name(), 100 * h.accuracy(), h.correct(), h.instances(), h.kappa(), 100 * p.accuracy(),
                    r.energy().joulesPerEvent() * 1e9, r.energy().forwardJoules() / spikes * 1e9,
                    r.energy().learningJoules() / spikes * 1e9, r.energy().counts().cpuNanosPerEvent() / 1000,
                    r.wallMs() / 1000.0);
        }
    }
}
