package io.nacastream.service.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves references in configuration values, in the syntax of Kafka's config providers, so secrets need not be
 * written into a properties file or a command line: {@code ${env:NAME}} is the environment variable NAME,
 * {@code ${file:PATH}} the content of the file PATH (a mounted secret; trailing line breaks removed) and
 * {@code ${file:PATH:KEY}} the value of KEY in the properties file PATH (as Kafka's FileConfigProvider). A reference
 * that cannot be resolved fails naming the key and the reference, never a value.
 */
final class SecretReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private SecretReferences() {
    }

    /** {@code value} of configuration key {@code key} with every reference replaced by what it refers to. */
    static String resolve(String key, String value, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(value);
        if (!m.find()) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        do {
            String target = m.group(2).trim();
            String resolved = m.group(1).equals("env") ? fromEnv(key, target, env) : fromFile(key, target);
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    private static String fromEnv(String key, String name, Map<String, String> env) {
        String v = env.get(name);
        if (v == null) {
            throw new IllegalArgumentException("configuration key '" + key + "' refers to ${env:" + name
                    + "}, but the environment variable " + name + " is not set");
        }
        return v;
    }

    private static String fromFile(String key, String target) {
        Path whole = Path.of(target);
        if (Files.isRegularFile(whole)) {
            return read(key, target, whole).replaceAll("[\\r\\n]+$", "");
        }
        int colon = target.lastIndexOf(':');
        if (colon > 0 && Files.isRegularFile(Path.of(target.substring(0, colon)))) {
            Path file = Path.of(target.substring(0, colon));
            String property = target.substring(colon + 1);
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                throw unreadable(key, target, e);
            }
            String v = props.getProperty(property);
            if (v == null) {
                throw new IllegalArgumentException("configuration key '" + key + "' refers to ${file:" + target
                        + "}, but " + file + " has no key '" + property + "'");
            }
            return v;
        }
        throw new IllegalArgumentException("configuration key '" + key + "' refers to ${file:" + target
                + "}, but there is no such file");
    }

    private static String read(String key, String target, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(key, target, e);
        }
    }

    private static IllegalArgumentException unreadable(String key, String target, IOException e) {
        return new IllegalArgumentException("configuration key '" + key + "' refers to ${file:" + target
                + "}, which cannot be read: " + e.getClass().getSimpleName());
    }
}
