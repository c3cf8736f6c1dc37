package io.nacastream.service.dashboard;

import java.util.Locale;

/** The few JSON pieces the dashboard writes by hand: its messages go out 20 times a second per viewer. */
final class Json {

    private Json() {
    }

    /** {@code s} as a JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** A finite number, or null. */
    static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    /** Appends {@code v} as a JSON array. */
    static void floats(StringBuilder s, float[] v) {
        s.append('[');
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ",").append(number(v[i]));
        }
        s.append(']');
    }
}
