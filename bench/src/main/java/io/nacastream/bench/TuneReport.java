package io.nacastream.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code bench tune} prints: the header, a line per configuration as it ends, the ranking and the winner. */
final class TuneReport {

    private TuneReport() {
    }

    /** The budget, the grid and the validation data. */
    static void header(PrintStream out, String learner, TuneGrid grid, String validation) {
        out.printf(Locale.ROOT, "bench tune: learner %s, budget %d configuration%s (grid: %s)%n", learner,
                grid.size(), grid.size() == 1 ? "" : "s", grid);
        out.println("validation: " + validation);
        out.println("score: mean held-out accuracy of the validation run(s); ties go to the earlier configuration "
                + "in grid order");
    }

    /** The start of configuration {@code i} of {@code n}'s line, flushed so that it shows while it runs. */
    static void start(PrintStream out, int i, int n, Map<String, String> settings) {
        out.printf(Locale.ROOT, "[%d/%d] %s: ", i, n, TuneGrid.label(settings));
        out.flush();
    }

    /** The rest of a configuration's line: score, per-seed scores, strict test-then-train accuracy, wall time. */
    static void finish(PrintStream out, TuneBench.Trial t) {
        out.printf(Locale.ROOT, "validation %s (%s), test-then-train acc %s, %.1f s%n", percent(t.score()),
                perSeed(t.perSeed()), percent(t.learned()), t.wallMs() / 1000.0);
    }

    /** The table ranked by score and the winner as options to paste. */
    static void ranking(PrintStream out, TuneBench.Result r) {
        out.println();
        out.println("| rank | settings | validation acc | per seed | test-then-train acc | wall |");
        out.println("|---:|---|---:|---|---:|---:|");
        int rank = 1;
        for (TuneBench.Trial t : r.ranked()) {
            out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %.1f s |%n", rank++, t.label(), percent(t.score()),
                    perSeed(t.perSeed()), percent(t.learned()), t.wallMs() / 1000.0);
        }
        TuneBench.Trial w = r.winner();
        out.println();
        out.printf(Locale.ROOT, "winner: configuration %d of %d, validation %s, chosen on validation data only%s%n",
                w.order(), r.budget(), percent(w.score()), w.settings().isEmpty() ? " (the defaults, no grid)"
                        : "; as options:");
        if (!w.settings().isEmpty()) {
            out.println(w.options());
        }
    }

    private static String perSeed(List<TuneBench.SeedScore> scores) {
        return String.join(", ", scores.stream().map(s -> "seed " + s.seed() + ": " + percent(s.heldOut()))
                .toList());
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
