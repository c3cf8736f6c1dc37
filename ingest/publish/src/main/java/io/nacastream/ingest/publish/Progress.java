package io.nacastream.ingest.publish;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress display for long publishes: a bar when the total size is known, events, events/s and MB/s,
 * redrawn in place at most every {@code intervalNanos} (time from an injected nanosecond clock).
 */
public final class Progress {

    private static final int BAR = 24;

    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final long start;
    private long lastDraw;

    /** Draws on {@code out} (null disables it). */
    public Progress(PrintStream out, LongSupplier nanoClock, long intervalNanos) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.intervalNanos = intervalNanos;
        this.start = nanoClock.getAsLong();
        this.lastDraw = start;
    }

    /** Redraws when the interval has passed. */
    public void update(String name, long bytes, long totalBytes, long events) {
        update(() -> line(name, bytes, totalBytes, events, nanoClock.getAsLong() - start));
    }

    /** Redraws the line {@code text} makes when the interval has passed (the text is only made then). */
    public void update(java.util.function.Supplier<String> text) {
        long now = nanoClock.getAsLong();
        if (out != null && now - lastDraw >= intervalNanos) {
            lastDraw = now;
            out.print("\r" + text.get());
            out.flush();
        }
    }

    /** Ends a progress line drawn by {@link #update(java.util.function.Supplier)}, if one was drawn. */
    public void end() {
        if (out != null && lastDraw != start) {
            out.println();
        }
    }

    /** Draws the final line and ends it. */
    public void done(String name, long bytes, long totalBytes, long events) {
        if (out != null) {
            out.println("\r" + line(name, bytes, totalBytes, events, nanoClock.getAsLong() - start));
        }
    }

    /** Draws the final line {@code text} and ends it. */
    public void done(String text) {
        if (out != null) {
            out.println("\r" + text);
        }
    }

    /** The text of one progress line. */
    public static String line(String name, long bytes, long totalBytes, long events, long elapsedNanos) {
        double s = Math.max(elapsedNanos, 1) / 1e9;
        StringBuilder b = new StringBuilder();
        if (totalBytes > 0) {
            double f = Math.min(1.0, (double) bytes / totalBytes);
            int full = (int) Math.round(f * BAR);
            b.append('[').append("#".repeat(full)).append(".".repeat(BAR - full)).append(']')
                    .append(String.format(Locale.ROOT, " %3.0f%% ", f * 100));
        }
        b.append(String.format(Locale.ROOT, "%s %,d events  %.2f M ev/s  %.1f MB/s  %.1f s", name, events,
                events / s / 1e6, bytes / s / 1e6, s));
        return b.toString();
    }
}
