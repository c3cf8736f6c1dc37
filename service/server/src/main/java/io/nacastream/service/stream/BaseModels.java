package io.nacastream.service.stream;

import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.checkpoint.ModelSchema;
import io.nacastream.learner.health.NetworkHealth;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaHealth;
import io.nacastream.learner.naca.NacaNetwork;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a stream's model starts from the first time the service sees the stream: a named base model chosen by the
 * longest matching stream-id prefix ({@code model.named-bases}), else the default base ({@code model.base}), else a
 * fresh network from the {@code learner.*} keys. Every base is read and checked once, at start.
 */
public final class BaseModels {

    private final NacaConfig fresh;
    private final ModelSchema schema;
    private final byte[] defaultBase;
    private final Map<String, byte[]> byPrefix;

    private BaseModels(NacaConfig fresh, ModelSchema schema, byte[] defaultBase, Map<String, byte[]> byPrefix) {
        this.fresh = fresh;
        this.schema = schema;
        this.defaultBase = defaultBase;
        this.byPrefix = byPrefix;
    }

    /**
     * Reads {@code basePath} (if any) and the {@code prefix=path,...} list {@code named}; throws naming the key
     * and file if one cannot be read, does not fit {@code fresh}'s inputs and classes, or records another input grid
     * or other class names than {@code schema}.
     */
    public static BaseModels load(NacaConfig fresh, ModelSchema schema, Optional<Path> basePath, String named) {
        byte[] base = basePath.map(p -> read("model.base", p, fresh, schema)).orElse(null);
        Map<String, byte[]> byPrefix = new LinkedHashMap<>();
        if (!named.isBlank()) {
            for (String entry : named.split(",")) {
                int eq = entry.indexOf('=');
                if (eq < 1 || eq == entry.trim().length() - 1) {
                    throw new IllegalArgumentException("configuration key 'model.named-bases' must be "
                            + "prefix=path,..., got '" + entry.trim() + "'");
                }
                byPrefix.put(entry.substring(0, eq).trim(),
                        read("model.named-bases", Path.of(entry.substring(eq + 1).trim()), fresh, schema));
            }
        }
        return new BaseModels(fresh, schema, base, byPrefix);
    }

    /** A new network for {@code streamId}, and which base it came from ("fresh", "default" or the prefix). */
    public Start start(String streamId) {
        String prefix = byPrefix.keySet().stream().filter(streamId::startsWith)
                .max(Comparator.comparingInt(String::length)).orElse(null);
        if (prefix != null) {
            return new Start(Checkpoint.decode(byPrefix.get(prefix)).network(), "prefix:" + prefix);
        }
        if (defaultBase != null) {
            return new Start(Checkpoint.decode(defaultBase).network(), "default");
        }
        return new Start(new NacaNetwork(fresh), "fresh");
    }

    /** A starting network and the name of its base. */
    public record Start(NacaNetwork network, String base) {
    }

    /** The configuration fresh networks are built from. */
    public NacaConfig freshConfig() {
        return fresh;
    }

    /** What the service's models' inputs and outputs mean: its input grid and class names. */
    public ModelSchema schema() {
        return schema;
    }

    private static byte[] read(String key, Path path, NacaConfig fresh, ModelSchema schema) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("configuration key '" + key + "': cannot read " + path, e);
        }
        NacaNetwork net;
        Checkpoint.Model model;
        try {
            model = Checkpoint.decode(bytes);
            net = model.network();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("configuration key '" + key + "': " + path + " is not a NACA "
                    + "checkpoint: " + e.getMessage(), e);
        }
        NacaConfig c = net.config();
        NetworkHealth health = NacaHealth.of(net, 0);
        if (!health.finite()) {
            throw new IllegalArgumentException("configuration key '" + key + "': " + path + " has NaN or infinite "
                    + "weights: " + health);
        }
        if (c.inputs() != fresh.inputs() || c.classes() != fresh.classes()
                || c.hiddenSizes().size() != fresh.hiddenSizes().size()) {
            throw new IllegalArgumentException("configuration key '" + key + "': " + path + " has " + c.inputs()
                    + " inputs, " + c.hiddenSizes() + " hidden and " + c.classes() + " classes; the service needs "
                    + fresh.inputs() + " inputs, " + fresh.hiddenSizes().size() + " hidden layer(s) and "
                    + fresh.classes() + " classes");
        }
        String mismatch = model.schema().map(s -> s.mismatch(schema)).orElse(null);
        if (mismatch != null) {
            throw new IllegalArgumentException("configuration key '" + key + "': " + path + " does not fit this "
                    + "service: " + mismatch);
        }
        return bytes;
    }
}
