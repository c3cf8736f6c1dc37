package io.nacastream.ingest.label;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes a model tells apart, by id: the number of model outputs and the name shown for each (prediction
 * records, the dashboard, reports). Immutable.
 *
 * @param names one name per class id, in id order
 */
public record ClassNames(List<String> names) {

    /** Most classes a model may have. */
    public static final int MAX = 10_000;

    /** Checks there is at least one class, each with a distinct non-blank name. */
    public ClassNames {
        names = List.copyOf(names);
        if (names.isEmpty() || names.size() > MAX) {
            throw new IllegalArgumentException("a model needs 1.." + MAX + " classes, got " + names.size());
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n.isBlank() || n.contains(",") || !seen.add(n)) {
                throw new IllegalArgumentException("class names must be distinct, non-blank and free of commas, got "
                        + names);
            }
        }
    }

    /** The 11 classes of DVS128 Gesture ({@link GestureClass}), the default (one shared instance). */
    public static ClassNames dvsGesture() {
        return DvsGesture.NAMES;
    }

    /** Holds the DVS128 Gesture names, made once on first use. */
    private static final class DvsGesture {
        static final ClassNames NAMES = new ClassNames(
                java.util.Arrays.stream(GestureClass.values()).map(GestureClass::displayName).toList());
    }

    /** {@code count} classes named by their ids: "0", "1", ... */
    public static ClassNames numbered(int count) {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("a model needs 1.." + MAX + " classes, got " + count);
        }
        List<String> names = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            names.add(Integer.toString(c));
        }
        return new ClassNames(names);
    }

    /**
     * Parses a class list: {@code dvs-gesture} (the 11 DVS128 Gesture classes), a count {@code N} (classes named
     * 0..N-1), or comma-separated names in id order (e.g. {@code cat,dog,bird}).
     */
    public static ClassNames parse(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("dvs-gesture")) {
            return dvsGesture();
        }
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            try {
                return numbered(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a model needs 1.." + MAX + " classes, got " + t);
            }
        }
        List<String> names = new ArrayList<>();
        for (String part : t.split(",", -1)) {
            names.add(part.strip());
        }
        return new ClassNames(names);
    }

    /** Number of classes. */
    public int count() {
        return names.size();
    }

    /** The name of class {@code id}, or {@code "class <id>"} for an id the model does not have. */
    public String name(int id) {
        return id >= 0 && id < names.size() ? names.get(id) : "class " + id;
    }

    /** The form {@link #parse} reads back: {@code dvs-gesture}, a count, or the names joined by commas. */
    public String spec() {
        if (equals(dvsGesture())) {
            return "dvs-gesture";
        }
        if (equals(numbered(names.size()))) {
            return Integer.toString(names.size());
        }
        return String.join(",", names);
    }
}
