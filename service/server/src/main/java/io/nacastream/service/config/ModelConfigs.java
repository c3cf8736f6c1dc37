package io.nacastream.service.config;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.InputGrid;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.checkpoint.ModelSchema;
import io.nacastream.learner.naca.NacaConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the model's settings from the configuration: the encoder ({@code encoder.*} keys), the classes
 * ({@code learner.classes}), the NACA network ({@code learner.*}) and the energy model. The model's input count is
 * the encoder grid's, whatever the sensor. The baselines' settings are read by the bench module's {@code Learners}.
 */
public final class ModelConfigs {

    private ModelConfigs() {
    }

    /** The encoder configuration: input grid, region of interest and the two filters. */
    public static EncoderConfig encoder(ServiceConfig config) {
        try {
            return new EncoderConfig(InputGrid.parse(config.string("encoder.grid"), config.string("encoder.roi")),
                    config.longValue("encoder.denoise-us"), config.longValue("encoder.pixel-refractory-us"),
                    config.longValue("encoder.refractory-us"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encoder configuration (encoder.grid, encoder.roi, encoder.denoise-us, "
                    + "encoder.pixel-refractory-us, encoder.refractory-us): " + e.getMessage(), e);
        }
    }

    /** The model's classes ({@code learner.classes}). */
    public static ClassNames classes(ServiceConfig config) {
        try {
            return ClassNames.parse(config.string("learner.classes"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration key 'learner.classes': " + e.getMessage()
                    + "; use dvs-gesture, a count or comma-separated names", e);
        }
    }

    /** What the configured model's inputs and outputs mean, as recorded in its checkpoints. */
    public static ModelSchema schema(ServiceConfig config) {
        return new ModelSchema(encoder(config).grid(), classes(config));
    }

    /**
     * Checks that a job on the synthetic gesture stream (which labels the 11 DVS128 Gesture classes) has those
     * classes; throws naming the key otherwise.
     */
    public static void requireGestureClasses(ServiceConfig config) {
        if (!classes(config).equals(ClassNames.dvsGesture())) {
            throw new IllegalArgumentException("configuration key 'learner.classes' is '"
                    + config.string("learner.classes") + "', but the synthetic gesture stream has the 11 DVS128 "
                    + "Gesture classes: leave it at dvs-gesture");
        }
    }

    /** Checks the learner keys that a type alone cannot validate; throws naming the key. */
    public static void validate(ServiceConfig config) {
        String algorithm = config.string("learner.algorithm").trim().toLowerCase(Locale.ROOT);
        if (!List.of("naca", "bp", "bp+ewc", "softmax", "ridge").contains(algorithm)) {
            throw new IllegalArgumentException("configuration key 'learner.algorithm' must be naca, bp, bp+ewc, "
                    + "softmax or ridge, got '" + config.string("learner.algorithm") + "'");
        }
        String scope = config.string("model.scope").trim().toLowerCase(Locale.ROOT);
        if (!List.of("stream", "partition").contains(scope)) {
            throw new IllegalArgumentException("configuration key 'model.scope' must be stream or partition, got '"
                    + config.string("model.scope") + "'");
        }
        if (config.integer("learner.replay-limit") < 1) {
            throw new IllegalArgumentException("configuration key 'learner.replay-limit' must be positive");
        }
        if (!(config.decimal("softmax.learning-rate") > 0)) {
            throw new IllegalArgumentException("configuration key 'softmax.learning-rate' must be positive");
        }
        if (!(config.decimal("ridge.penalty") > 0)) {
            throw new IllegalArgumentException("configuration key 'ridge.penalty' must be positive");
        }
        if (!(config.decimal("learner.readout-ridge") > 0)) {
            throw new IllegalArgumentException("configuration key 'learner.readout-ridge' must be positive");
        }
        energy(config);
        boolean saves = !config.string("checkpoint.path").isBlank() || !config.string("checkpoint.npy-dir").isBlank();
        if (saves && !algorithm.equals("naca")) {
            throw new IllegalArgumentException("configuration keys 'checkpoint.path' and 'checkpoint.npy-dir' apply "
                    + "to learner.algorithm=naca, not " + algorithm);
        }
        mode(config);
        readout(config);
        hiddenSizes(config.string("learner.hidden"));
        int inputs = encoder(config).inputCount();
        naca(config, inputs);
    }

    /** The NACA configuration for {@code inputs} inputs. */
    public static NacaConfig naca(ServiceConfig config, int inputs) {
        try {
            return tickDecay(config, NacaConfig.builder())
                    .sizes(inputs, hiddenSizes(config.string("learner.hidden")), classes(config).count())
                    .mode(mode(config))
                    .tickUs(config.longValue("learner.tick-us"))
                    .learningRates((float) config.decimal("learner.eta-hidden"),
                            (float) config.decimal("learner.eta-output"))
                    .mask((float) config.decimal("learner.mask-delta"), 100_000)
                    .neuron((float) config.decimal("learner.threshold"), (float) config.decimal("learner.threshold"))
                    .seed(config.longValue("learner.seed"))
                    .weightBound((float) config.decimal("learner.weight-bound"))
                    .readout(readout(config), config.decimal("learner.readout-ridge"))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("learner configuration: " + e.getMessage(), e);
        }
    }





    /** The energy model of the {@code energy.pj-per-*} keys. */
    public static EnergyModel energy(ServiceConfig config) {
        try {
            return new EnergyModel(config.decimal("energy.pj-per-ac"), config.decimal("energy.pj-per-mac"),
                    config.decimal("energy.pj-per-compare"), config.decimal("energy.pj-per-exp"),
                    config.decimal("energy.pj-per-weight-read"), config.decimal("energy.pj-per-weight-write"),
                    config.decimal("energy.pj-per-state-access"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration keys 'energy.pj-per-*': " + e.getMessage(), e);
        }
    }

    /** Parses "256" or "512,256" into layer sizes; each must be a positive integer. */
    public static List<Integer> hiddenSizes(String value) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                int n = Integer.parseInt(part.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                sizes.add(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("configuration key 'learner.hidden' must be positive integers "
                        + "separated by commas, got '" + value + "'");
            }
        }
        return sizes;
    }

    private static NacaConfig.Mode mode(ServiceConfig config) {
        return option(config, "learner.mode", NacaConfig.Mode.class, "event or tick");
    }

    private static NacaConfig.Readout readout(ServiceConfig config) {
        return option(config, "learner.readout", NacaConfig.Readout.class, "spikes or ridge");
    }

    /** The constant of {@code type} named (in any case) by the string key {@code key}; throws naming the choices. */
    public static <E extends Enum<E>> E option(ServiceConfig config, String key, Class<E> type, String choices) {
        String value = config.string(key);
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be " + choices + ", got '"
                    + value + "'");
        }
    }

    /** Sets the tick decay: {@code tau} derives it from the event mode's membrane, exp(-tick/τ); else a number. */
    private static NacaConfig.Builder tickDecay(ServiceConfig config, NacaConfig.Builder builder) {
        String d = config.string("learner.tick-decay").trim();
        if (d.equalsIgnoreCase("tau")) {
            return builder.decayPerTickFromTau();
        }
        try {
            return builder.decayPerTick(Float.parseFloat(d));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key 'learner.tick-decay' must be tau or a number in "
                    + "[0, 1), got '" + d + "'");
        }
    }
}
