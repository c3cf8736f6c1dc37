package io.nacastream.cli;

import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.publish.ReplayLabels;
import io.nacastream.service.config.ServiceConfig;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The replay options of {@code publish}: {@code --loop=DURATION} (stream time to publish, the recording repeated),
 * {@code --labels=file|none|cycle:MS} and {@code --classes=K} (classes the generated labels cycle through).
 *
 * @param loopUs  stream time to publish looped, µs; 0: publish once
 * @param mode    where labels come from: file, none or cycle
 * @param cycleUs length of a generated label segment, µs (cycle mode)
 * @param classes classes the generated labels cycle through (cycle mode)
 */
record ReplayOptions(long loopUs, String mode, long cycleUs, int classes) {

    /** Longest --loop: a year of stream time. */
    static final long MAX_LOOP_US = 365L * 24 * 3600 * 1_000_000;

    /** Reads the options; a bad value fails naming its option. */
    static ReplayOptions of(Map<String, String> options) {
        long loopUs = options.containsKey("loop") ? durationUs(options.get("loop")) : 0;
        String labels = options.getOrDefault("labels", "file").trim().toLowerCase(Locale.ROOT);
        if (options.containsKey("no-labels")) {
            if (options.containsKey("labels") && !labels.equals("none")) {
                throw new IllegalArgumentException("--no-labels contradicts --labels=" + options.get("labels"));
            }
            labels = "none";
        }
        if (labels.equals("file") || labels.equals("none")) {
            if (options.containsKey("classes")) {
                throw new IllegalArgumentException("--classes applies to --labels=cycle:MS; see publish --help");
            }
            return new ReplayOptions(loopUs, labels, 0, 0);
        }
        if (!labels.startsWith("cycle:")) {
            throw new IllegalArgumentException("--labels must be file, none or cycle:MS (e.g. cycle:500), not '"
                    + options.get("labels") + "'");
        }
        long ms = positive("--labels=cycle:MS needs MS, a whole number of milliseconds from 1 to a year",
                labels.substring("cycle:".length()), options.get("labels"), MAX_LOOP_US / 1000);
        int classes = options.containsKey("classes") ? (int) positive("--classes must be a whole number from 1 to "
                + ClassNames.MAX, options.get("classes"), options.get("classes"), ClassNames.MAX) : defaultClasses();
        return new ReplayOptions(loopUs, "cycle", ms * 1000, classes);
    }

    /** The class count of the service's default {@code learner.classes}. */
    static int defaultClasses() {
        return ClassNames.parse(ServiceConfig.defaultValue("learner.classes")).names().size();
    }

    /** True when the recording goes through the replay path (looped, or with generated labels). */
    boolean replays() {
        return loopUs > 0 || mode.equals("cycle");
    }

    /** The replay's labels, given the recording's own segments (read from its labels file in file mode). */
    ReplayLabels labels(List<LabelSegment> fromFile) {
        return switch (mode) {
            case "cycle" -> ReplayLabels.cycle(cycleUs, classes);
            case "file" -> ReplayLabels.file(fromFile);
            default -> ReplayLabels.none();
        };
    }

    /** Parses {@code --loop}: plain seconds, or a number with unit ms, s, m or h (e.g. 60s, 1.5m); µs. */
    static long durationUs(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        double unit = 1e6;
        String number = s;
        for (String[] u : new String[][] {{"ms", "1e3"}, {"s", "1e6"}, {"m", "6e7"}, {"h", "3.6e9"}}) {
            if (s.endsWith(u[0])) {
                number = s.substring(0, s.length() - u[0].length());
                unit = Double.parseDouble(u[1]);
                break;
            }
        }
        if (number.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
            double us = Double.parseDouble(number) * unit;
            if (us >= 1 && us <= MAX_LOOP_US) {
                return Math.round(us);
            }
        }
        throw new IllegalArgumentException("--loop must be a positive duration of stream time up to a year, like "
                + "60s, 500ms, 2m or plain seconds (60), not '" + text + "'");
    }

    private static long positive(String message, String text, String shown, long max) {
        try {
            long v = Long.parseLong(text.trim());
            if (v > 0 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(message + ", not '" + shown + "'");
    }
}
