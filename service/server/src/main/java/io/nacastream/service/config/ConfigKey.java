package io.nacastream.service.config;

import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its name, type, default, valid values and a one-line meaning. All keys are defined in
 * {@link ServiceConfig#KEYS}, the single definition that {@code --help} and docs/configuration.md are made from.
 *
 * @param name         the key, e.g. {@code http.port}
 * @param type         the type of its values
 * @param defaultValue its value when nothing sets it
 * @param validator    what values it accepts beyond its type
 * @param doc          its meaning, one line
 */
public record ConfigKey(String name, Type type, String defaultValue, Validator validator, String doc) {

    /** Value types a key can have. */
    public enum Type {
        /** Any text. */
        STRING,
        /** A 32-bit whole number. */
        INT,
        /** A 64-bit whole number. */
        LONG,
        /** A floating-point number. */
        DOUBLE,
        /** true or false, in any case. */
        BOOLEAN,
        /** A secret (password, token, key): any text, never logged, shown or echoed in an error; masked in dumps. */
        PASSWORD;

        /** True when {@code value} (trimmed) is of this type. */
        boolean admits(String value) {
            try {
                switch (this) {
                    case INT -> Integer.parseInt(value);
                    case LONG -> Long.parseLong(value);
                    case DOUBLE -> Double.parseDouble(value);
                    case BOOLEAN -> {
                        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
                    }
                    default -> { }
                }
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** The type's name as the documentation writes it. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Environment variable that overrides this key: NACA_ + upper case, dots and dashes as underscores. */
    public String envName() {
        return "NACA_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Checks {@code value} against the type and the validator; throws naming this key and what it accepts. */
    public void check(String value) {
        String v = value.trim();
        if (!type.admits(v)) {
            throw invalid(type.label(), value);
        }
        if (!validator.accepts().test(v)) {
            throw invalid(validator.description(), value);
        }
    }

    private IllegalArgumentException invalid(String expected, String value) {
        return new IllegalArgumentException("configuration key '" + name + "' must be " + expected + ", got '"
                + shown(value) + "'");
    }

    /** True when the key holds a secret, whose value is never shown. */
    public boolean secret() {
        return type == Type.PASSWORD;
    }

    /** {@code value} as it may be shown: {@link #MASK} for a secret that is set, else the value itself. */
    public String shown(String value) {
        return secret() && !value.isEmpty() ? MASK : value;
    }

    /** What a secret's value is shown as. */
    public static final String MASK = "[hidden]";

    /** Renders keys as the text of {@code --help}. */
    public static String help(List<ConfigKey> keys) {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey k : keys) {
            String valid = k.validator().acceptsAll() ? "" : ", valid: " + k.validator().description();
            sb.append(String.format("  --%s=<%s>  (env %s, default '%s'%s)%n      %s%n", k.name(), k.type().label(),
                    k.envName(), k.defaultValue(), valid, k.doc()));
        }
        return sb.toString();
    }

    /** Renders keys as the Markdown table of docs/configuration.md. */
    static String markdown(List<ConfigKey> keys) {
        StringBuilder sb = new StringBuilder("| key | environment variable | type | default | valid values "
                + "| meaning |\n|---|---|---|---|---|---|\n");
        for (ConfigKey k : keys) {
            String def = k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`";
            String valid = k.validator().acceptsAll() ? "any" : k.validator().description();
            sb.append(String.format("| `%s` | `%s` | %s | %s | %s | %s |%n", k.name(), k.envName(), k.type().label(),
                    def, cell(valid), cell(k.doc())));
        }
        return sb.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
