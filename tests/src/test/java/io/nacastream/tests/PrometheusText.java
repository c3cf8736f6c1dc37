package io.nacastream.tests;

import java.util.OptionalDouble;

/** Reads values out of a Prometheus text exposition (the body of /metrics), for assertions. */
final class PrometheusText {

    private PrometheusText() {
    }

    /** Value of the line {@code sample value}, where {@code sample} is a name with its tags if it has any. */
    static OptionalDouble value(String text, String sample) {
        return text.lines().filter(l -> l.startsWith(sample + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1).trim())).findFirst();
    }

    /** Sum of every sample of {@code name}, whatever its tags (0 when there is none). */
    static double sum(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1).trim())).sum();
    }
}
