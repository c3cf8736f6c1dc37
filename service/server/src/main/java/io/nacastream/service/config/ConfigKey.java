package io.nacastream.service.config;

import java.util.List;

/**
 * One configuration key: its name, type, default and a one-line meaning. All keys are defined in
 * {@link ServiceConfig#KEYS}, the single definition that {@code --help} and docs/configuration.md are made from.
 */
public record ConfigKey(String name, Type type, String defaultValue, String doc) {

    /** Value types a key can have. */
    public enum Type { STRING, INT, LONG, DOUBLE, BOOLEAN }

    /** Environment variable that overrides this key: NACA_ + upper case, dots and dashes as underscores. */
    public String envName() {
        return "NACA_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Renders keys as the text of {@code --help}. */
    public static String help(List<ConfigKey> keys) {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey k : keys) {
            sb.append(String.format("  --%s=<%s>  (env %s, default '%s')%n      %s%n", k.name(),
                    k.type().name().toLowerCase(java.util.Locale.ROOT), k.envName(), k.defaultValue(), k.doc()));
        }
        return sb.toString();
    }

    /** Renders keys as the Markdown table of docs/configuration.md. */
    static String markdown(List<ConfigKey> keys) {
        StringBuilder sb = new StringBuilder("| key | environment variable | type | default | meaning |\n"
                + "|---|---|---|---|---|\n");
        for (ConfigKey k : keys) {
            String def = k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`";
            sb.append(String.format("| `%s` | `%s` | %s | %s | %s |%n", k.name(), k.envName(),
                    k.type().name().toLowerCase(java.util.Locale.ROOT), def, k.doc().replace("|", "\\|")));
        }
        return sb.toString();
    }
}
