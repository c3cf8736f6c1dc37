package io.nacastream.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench scaling}: the end-to-end benchmark at the maximum rate, once per hidden size (one stream) and once
 * per number of streams (first hidden size), printing sustained events/s and input spikes/s as two curves.
 */
public final class ScalingBench {

    /** One point of a curve. */
    public record Point(String curve, int hidden, int streams, EndToEndBench.Result result) {
    }

    private final Map<String, String> serviceOptions;
    private final List<Integer> hiddenSizes;
    private final List<Integer> streamCounts;
    private final int seconds;
    private final int subjects;
    private final PrintStream out;

    /** A scaling run over these hidden sizes and stream counts, {@code seconds} of publishing per point. */
    public ScalingBench(Map<String, String> serviceOptions, List<Integer> hiddenSizes, List<Integer> streamCounts,
                        int seconds, int subjects, PrintStream out) {
        if (hiddenSizes.isEmpty() || streamCounts.isEmpty()) {
            throw new IllegalArgumentException("--hidden and --streams need at least one value each");
        }
        this.serviceOptions = Map.copyOf(serviceOptions);
        this.hiddenSizes = List.copyOf(hiddenSizes);
        this.streamCounts = List.copyOf(streamCounts);
        this.seconds = seconds;
        this.subjects = subjects;
        this.out = out;
    }

    /** Runs every point and prints both curves; returns the points in order. */
    public List<Point> run() throws Exception {
        List<Point> points = new ArrayList<>();
        for (int h : hiddenSizes) {
            points.add(point("hidden size", h, 1));
        }
        for (int s : streamCounts) {
            points.add(point("streams", hiddenSizes.get(0), s));
        }
        out.println();
        out.printf("%-12s %7s %8s %16s %10s %s%n", "curve", "hidden", "streams", "sustained ev/s", "heap MB", "lost");
        for (Point p : points) {
            EndToEndBench.Result r = p.result();
            out.printf(Locale.ROOT, "%-12s %7d %8d %16s %10d %s%n", p.curve(), p.hidden(), p.streams(),
                    String.format(Locale.ROOT, "%,.0f", r.sustained()), r.maxHeapMb(),
                    r.nothingLost() ? "none" : "LOST");
        }
        return points;
    }

    private Point point(String curve, int hidden, int streams) throws Exception {
        Map<String, String> keys = new HashMap<>(serviceOptions);
        keys.put("learner.hidden", Integer.toString(hidden));
        out.printf("%s: hidden %d, %d stream(s), max rate for %d s ...%n", curve, hidden, streams, seconds);
        EndToEndBench bench = new EndToEndBench(keys, new EndToEndBench.Options(List.of(0L), seconds, streams,
                subjects, 5, 0), new PrintStream(OutputStream.nullOutputStream()));
        EndToEndBench.Result r = bench.run().get(0);
        out.printf(Locale.ROOT, "  sustained %,.0f events/s%n", r.sustained());
        return new Point(curve, hidden, streams, r);
    }
}
