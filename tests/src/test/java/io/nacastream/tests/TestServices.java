package io.nacastream.tests;

import io.nacastream.service.config.ServiceConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** Configurations of in-JVM services for tests, every topic and the group named after one prefix. */
final class TestServices {

    private TestServices() {
    }

    /**
     * A service reading {@code prefix.events} and {@code prefix.labels}, writing {@code prefix.predictions},
     * {@code .energy}, {@code .dead-letter} and {@code .checkpoints}, in group {@code prefix}, tick mode, checkpoints
     * every 500 ms, HTTP on a free loopback port; {@code overrides} ("key=value") change or add keys.
     */
    static ServiceConfig config(String prefix, String... overrides) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String topic : new String[] {"events", "labels", "predictions", "energy", "dead-letter"}) {
            keys.put("topic." + topic, prefix + "." + topic);
        }
        keys.put("checkpoint.topic", prefix + ".checkpoints");
        keys.put("group.id", prefix);
        keys.put("checkpoint.interval-ms", "500");
        keys.put("http.port", "0");
        keys.put("http.bind-address", "127.0.0.1");
        keys.put("learner.mode", "tick");
        for (String o : overrides) {
            int eq = o.indexOf('=');
            keys.put(o.substring(0, eq), o.substring(eq + 1));
        }
        return ServiceConfig.of(keys, Map.of());
    }
}
