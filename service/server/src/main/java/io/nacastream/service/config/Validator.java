package io.nacastream.service.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What values one key accepts beyond its type; part of the key's definition ({@link ConfigKey}).
 *
 * @param description what is valid, read after "must be", e.g. {@code between 1 and 100}; empty when any value of
 *                    the key's type is
 * @param accepts     true for a valid value (trimmed, and already known to be of the key's type)
 */
public record Validator(String description, Predicate<String> accepts) {

    /** Any value of the key's type. */
    public static final Validator ANY = new Validator("", v -> true);

    /** Any text but an empty one. */
    public static final Validator NOT_EMPTY = new Validator("not empty", v -> !v.isEmpty());

    /** A whole number from {@code min} to {@code max}, both included. */
    public static Validator between(long min, long max) {
        return new Validator("between " + min + " and " + max, v -> {
            long n = Long.parseLong(v);
            return n >= min && n <= max;
        });
    }

    /** A whole number of at least {@code min}. */
    public static Validator atLeast(long min) {
        return new Validator("at least " + min, v -> Long.parseLong(v) >= min);
    }

    /** A finite number above 0. */
    public static Validator positive() {
        return decimal("a finite number > 0", d -> d > 0);
    }

    /** A finite number of at least 0. */
    public static Validator nonNegative() {
        return decimal("a finite number >= 0", d -> d >= 0);
    }

    /** A number from 0 to 1, both included. */
    public static Validator unitInterval() {
        return decimal("a number in [0, 1]", d -> d >= 0 && d <= 1);
    }

    /** One of {@code choices}, in any case. */
    public static Validator oneOf(List<String> choices) {
        String last = choices.get(choices.size() - 1);
        String text = choices.size() == 1 ? last
                : String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + last;
        return new Validator(text, v -> choices.stream().anyMatch(v::equalsIgnoreCase));
    }

    /** The name of one of {@code type}'s constants, in any case. */
    public static <E extends Enum<E>> Validator oneOf(Class<E> type) {
        return oneOf(Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** A value {@code parser} takes without an {@link IllegalArgumentException}; {@code description} says which. */
    public static Validator parsedBy(String description, Consumer<String> parser) {
        return new Validator(description, v -> {
            try {
                parser.accept(v);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        });
    }

    /** True when any value of the key's type is valid. */
    public boolean acceptsAll() {
        return description.isEmpty();
    }

    private static Validator decimal(String description, Predicate<Double> test) {
        return new Validator(description, v -> {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) && test.test(d);
        });
    }
}
