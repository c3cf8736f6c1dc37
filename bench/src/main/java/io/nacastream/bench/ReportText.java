package io.nacastream.bench;

import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.eval.Evaluation;
import io.nacastream.sink.EnergyReport;

import java.io.PrintStream;

/** Console formatting of evaluations and energy reports, shared by the main job and the benchmarks. */
public final class ReportText {

    private ReportText() {
    }

    /** One line: accuracy, window accuracy, κ, κ_T (with the no-change accuracy) and latency. */
    public static String evaluation(Evaluation e) {
        String latency = Double.isNaN(e.latencyP50Ms()) ? ""
                : String.format("  latency to first correct p50 %.0f ms p90 %.0f ms (never %d)", e.latencyP50Ms(),
                e.latencyP90Ms(), e.neverCorrect());
        return String.format("%d/%d = %5.1f%%  last %d %5.1f%%  kappa %.3f  kappaT %.3f (no-change %.1f%%)%s",
                e.correct(), e.instances(), 100 * e.accuracy(), Math.min(e.window(), e.instances()),
                100 * e.windowAccuracy(), e.kappa(), e.kappaT(), 100 * e.noChangeAccuracy(), latency);
    }

    /** The confusion matrix with class abbreviations; rows are true classes, the last column "none". */
    public static void confusion(PrintStream out, Evaluation e, ClassNames names) {
        long[][] m = e.confusion();
        StringBuilder head = new StringBuilder(String.format("%-8s", "true\\pred"));
        for (int k = 0; k < m.length; k++) {
            head.append(String.format("%5d", k));
        }
        out.println(head.append(" none"));
        for (int i = 0; i < m.length; i++) {
            StringBuilder row = new StringBuilder(String.format("%2d %-6s", i, abbreviation(names.name(i))));
            for (long v : m[i]) {
                row.append(String.format("%5d", v));
            }
            out.println(row);
        }
    }

    /** Energy totals, per phase and per layer, and the measured CPU time per event. */
    public static void energy(PrintStream out, EnergyReport r) {
        var c = r.counts();
        Ops total = c.total();
        out.printf("energy   %.3g J estimated = %.3g nJ per input spike (forward %.3g J, learning %.3g J; memory "
                        + "%.0f%%)%n", r.joules(), r.joulesPerEvent() * 1e9, r.forwardJoules(), r.learningJoules(),
                r.joules() == 0 ? 0 : 100 * (1 - r.model().arithmeticJoules(total) / r.joules()));
        for (LayerCounts l : c.layers()) {
            out.printf("  %-18s forward  %s%n", l.layer(), ops(l.forward()));
            out.printf("  %-18s learning %s | %,d spikes%n", "", ops(l.learning()), l.spikes());
        }
        if (!Double.isNaN(c.cpuNanosPerEvent())) {
            out.printf("cpu      %.2f µs per event in the learner (measured thread CPU time)%n",
                    c.cpuNanosPerEvent() / 1000);
        }
    }

    /** Operation counts on one line. */
    public static String ops(Ops o) {
        return String.format("%,d add %,d mac %,d cmp %,d exp | weights %,d r %,d w | state %,d r %,d w", o.adds(),
                o.macs(), o.compares(), o.exps(), o.weightReads(), o.weightWrites(), o.stateReads(), o.stateWrites());
    }

    private static String abbreviation(String name) {
        return name.length() <= 6 ? name : name.substring(0, 6);
    }
}
