package io.nacastream.service.config;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.InputGrid;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.naca.NacaConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the model's types from the configuration: the encoder ({@code encoder.*} keys), the classes
 * ({@code learner.classes}), the NACA network ({@code learner.*}) and the energy model; {@link Settings} holds them.
 * The model's input count is the encoder grid's, whatever the sensor.
 */
public final class ModelConfigs {

    private ModelConfigs() {
    }

    /** The encoder configuration: input grid, region of interest and the three filters. */
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
        return classes(config.string("learner.classes"));
    }

    /** Parses the classes of a model; throws unless there are at least two (a learner tells classes apart). */
    static ClassNames classes(String value) {
        ClassNames classes = ClassNames.parse(value);
        if (classes.count() < 2) {
            throw new IllegalArgumentException("a model needs at least 2 classes, got " + classes.count());
        }
        return classes;
    }

    /** The NACA configuration for {@code inputs} inputs; throws when the keys do not make a network. */
    public static NacaConfig naca(ServiceConfig config, int inputs) {
        NacaConfig.Builder builder = NacaConfig.builder();
        NacaConfig.HiddenRule rule = hiddenRule(config.string("learner.algorithm"));
        tickDecay(config.string("learner.tick-decay")).ifPresentOrElse(builder::decayPerTick,
                builder::decayPerTickFromTau);
        try {
            return builder
                    .sizes(inputs, hiddenSizes(config.string("learner.hidden")), classes(config).count())
                    .mode(choice(config.string("learner.mode"), NacaConfig.Mode.class))
                    .tickUs(config.longValue("learner.tick-us"))
                    .learningRates((float) etaHidden(config, rule), (float) config.decimal("learner.eta-output"))
                    .hiddenRule(rule)
                    .mask((float) config.decimal("learner.mask-delta"), 100_000)
                    .neuron((float) threshold(config, rule), (float) threshold(config, rule))
                    .seed(config.longValue("learner.seed"))
                    .weightBound((float) config.decimal("learner.weight-bound"))
                    .readout(choice(config.string("learner.readout"), NacaConfig.Readout.class),
                            config.decimal("learner.readout-ridge"))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("learner configuration (encoder.grid, learner.hidden, learner.classes "
                    + "and the other learner.* keys): " + e.getMessage(), e);
        }
    }

    /** The hidden rule of the NACA-family network {@code learner.algorithm} names: NACA unless drtp or dfa. */
    static NacaConfig.HiddenRule hiddenRule(String algorithm) {
        String id = algorithm.trim();
        for (NacaConfig.HiddenRule r : NacaConfig.HiddenRule.values()) {
            if (r.id().equalsIgnoreCase(id)) {
                return r;
            }
        }
        return NacaConfig.HiddenRule.NACA;
    }

    /** The hidden learning rate of {@code rule}: learner.eta-hidden for NACA, drtp.eta-hidden or dfa.eta-hidden. */
    private static double etaHidden(ServiceConfig config, NacaConfig.HiddenRule rule) {
        return config.decimal(rule == NacaConfig.HiddenRule.NACA ? "learner.eta-hidden" : rule.id() + ".eta-hidden");
    }

    /** The firing threshold {@code rule}'s network runs at: DFA's own ({@code dfa.threshold}), else learner.threshold. */
    static double threshold(ServiceConfig config, NacaConfig.HiddenRule rule) {
        return config.decimal(rule == NacaConfig.HiddenRule.DFA ? "dfa.threshold" : "learner.threshold");
    }

    /** The energy model of the {@code energy.pj-per-*} keys. */
    public static EnergyModel energy(ServiceConfig config) {
        return new EnergyModel(config.decimal("energy.pj-per-ac"), config.decimal("energy.pj-per-mac"),
                config.decimal("energy.pj-per-compare"), config.decimal("energy.pj-per-exp"),
                config.decimal("energy.pj-per-weight-read"), config.decimal("energy.pj-per-weight-write"),
                config.decimal("energy.pj-per-state-access"));
    }

    /** Parses "256" or "512,256" into layer sizes; throws unless each is a positive integer. */
    static List<Integer> hiddenSizes(String value) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : value.split(",")) {
            int n = Integer.parseInt(part.trim());
            if (n < 1) {
                throw new IllegalArgumentException("layer size " + n + " is not positive");
            }
            sizes.add(n);
        }
        return sizes;
    }

    /**
     * Parses a tick decay: empty for {@code tau} (derived from the event mode's membrane, exp(-tick/τ)), else a
     * number in [0, 1); throws otherwise.
     */
    static Optional<Float> tickDecay(String value) {
        String d = value.trim();
        if (d.equalsIgnoreCase("tau")) {
            return Optional.empty();
        }
        float decay = Float.parseFloat(d);
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("tick decay " + d + " is outside [0, 1)");
        }
        return Optional.of(decay);
    }

    /** The constant of {@code type} named, in any case, by {@code value} (checked by the key's validator). */
    static <E extends Enum<E>> E choice(String value, Class<E> type) {
        return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    }
}
