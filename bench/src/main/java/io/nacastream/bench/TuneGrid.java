package io.nacastream.bench;

import io.nacastream.service.config.ConfigKey;
import io.nacastream.service.config.ServiceConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings {@code bench tune} tries: service configuration keys, each with the values to try, written
 * {@code key=v1,v2;key2=w1,w2}. The configurations are the cartesian product in grid order: the first key varies
 * slowest, values in the order written. An empty grid is one configuration, the defaults. A value cannot contain
 * {@code ,} or {@code ;} (set such a key as a fixed {@code --key=value} instead).
 *
 * @param values the values of each key, keys in the order written
 */
public record TuneGrid(Map<String, List<String>> values) {

    /** The grid of no keys: one configuration, the defaults. */
    public static final TuneGrid EMPTY = new TuneGrid(Map.of());

    /** Copies {@code values}, keeping its order. */
    public TuneGrid {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * Parses {@code key=v1,v2;key2=w1,w2} (blank: {@link #EMPTY}); throws naming the part that is not of that form,
     * a key given twice or a value listed twice. Keys and values are checked by {@link #check}.
     */
    public static TuneGrid parse(String spec) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return EMPTY;
        }
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? "" : part.substring(0, eq).trim();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("--grid: '" + part.trim() + "' is not key=v1,v2 (settings are "
                        + "separated by ';', e.g. --grid='bp.learning-rate=0.003,0.01;learner.hidden=128,256')");
            }
            if (values.containsKey(key)) {
                throw new IllegalArgumentException("--grid: key '" + key + "' is given twice; list all its values "
                        + "once, comma-separated");
            }
            Set<String> list = new LinkedHashSet<>();
            for (String v : part.substring(eq + 1).split(",", -1)) {
                if (v.isBlank()) {
                    throw new IllegalArgumentException("--grid: key '" + key + "' has an empty value in '"
                            + part.trim() + "'");
                }
                if (!list.add(v.trim())) {
                    throw new IllegalArgumentException("--grid: key '" + key + "' lists value '" + v.trim()
                            + "' twice; each configuration counts once in the budget");
                }
            }
            values.put(key, new ArrayList<>(list));
        }
        return new TuneGrid(values);
    }

    /** How many configurations the grid has (the tuning budget). */
    public int size() {
        int n = 1;
        for (List<String> v : values.values()) {
            n = Math.multiplyExact(n, v.size());
        }
        return n;
    }

    /** Every configuration, in grid order, each a map of the grid's keys to one value each. */
    public List<Map<String, String>> configurations() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(Map.of());
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(Collections.unmodifiableMap(m));
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * Checks every key and value against {@code base} through {@link ServiceConfig#with}, and that no key is one of
     * {@code reserved} (set by the tuning itself; the map tells why); throws naming the key.
     */
    public void check(ServiceConfig base, Map<String, String> reserved) {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            String key = e.getKey();
            if (ServiceConfig.KEYS.stream().map(ConfigKey::name).noneMatch(key::equals)) {
                throw new IllegalArgumentException("--grid: unknown configuration key '" + key + "'; the grid takes "
                        + "the service's keys (see --help)");
            }
            if (reserved.containsKey(key)) {
                throw new IllegalArgumentException("--grid: key '" + key + "' cannot be tuned: " + reserved.get(key));
            }
            for (String v : e.getValue()) {
                try {
                    base.with(key, v);
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("--grid: " + bad.getMessage(), bad);
                }
            }
        }
    }

    /** {@code base} with the settings of one configuration. */
    public static ServiceConfig apply(ServiceConfig base, Map<String, String> settings) {
        ServiceConfig c = base;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            c = c.with(e.getKey(), e.getValue());
        }
        return c;
    }

    /** One configuration's settings as {@code key=v key2=w}, or {@code defaults} when it has none. */
    public static String label(Map<String, String> settings) {
        return settings.isEmpty() ? "defaults" : String.join(" ", settings.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** The grid as written, e.g. {@code bp.learning-rate=0.003,0.01; learner.hidden=128,256}, or {@code none}. */
    @Override
    public String toString() {
        if (values.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + String.join(",", v)));
        return String.join("; ", parts);
    }
}
