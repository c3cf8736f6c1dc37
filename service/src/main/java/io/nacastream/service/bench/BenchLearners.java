package io.nacastream.service.bench;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.bp.BackpropConfig;
import io.nacastream.learner.bp.BackpropLearner;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import io.nacastream.service.LearnerFactory;
import io.nacastream.service.ServiceConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The learners a benchmark compares, by id, each built from the service's configuration: {@code naca} (the
 * configured mode), {@code naca-event}, {@code naca-tick}; the fixed-random-hidden controls {@code naca-fixed},
 * {@code naca-event-fixed}, {@code naca-tick-fixed} (the same network with η_hidden = 0, so a report shows what the
 * hidden rule adds); {@code bp} (the backprop baseline, {@code bp.*} keys) and {@code bp-ewc}; {@code softmax}
 * (softmax regression on segment-pooled input counts). All learn by strict test-then-train.
 */
final class BenchLearners {

    /**
     * The learners a report shows by default: both NACA modes, their fixed-hidden controls (what the hidden rule
     * adds) and both baselines.
     */
    static final String DEFAULT = "naca-event,naca-event-fixed,naca-tick,naca-tick-fixed,bp,softmax";

    /** Every learner id, in table order. */
    static final List<String> IDS = List.of("naca", "naca-event", "naca-tick", "naca-fixed", "naca-event-fixed",
            "naca-tick-fixed", "bp", "bp-ewc", "softmax");

    /**
     * A learner to run.
     *
     * @param id      its id
     * @param name    its row name in reports, e.g. {@code naca (tick 10 ms)}
     * @param factory builds it over a label book
     */
    record Spec(String id, String name, Function<LabelBook, OnlineLearner> factory) {
    }

    private BenchLearners() {
    }

    /** The learners of a comma-separated id list, in the order given; throws naming an unknown id. */
    static List<Spec> parse(String ids, ServiceConfig config, int inputs) {
        List<Spec> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(List.of(ids.split(",")))) {
            out.add(of(id.trim().toLowerCase(Locale.ROOT), config, inputs));
        }
        return out;
    }

    /** The learner {@code id} for {@code inputs} inputs, configured by {@code config}. */
    static Spec of(String id, ServiceConfig config, int inputs) {
        long interval = config.longValue("prediction.interval-ms") * 1000;
        int limit = config.integer("learner.replay-limit");
        NacaConfig naca = LearnerFactory.naca(config, inputs);
        NacaConfig fixed = naca.toBuilder().learningRates(0f, naca.etaOutput()).build();
        BackpropConfig bp = LearnerFactory.bp(config, inputs).withEwc(0f);
        return switch (id) {
            case "naca" -> naca(id, "", naca, naca.mode(), interval, limit);
            case "naca-event" -> naca(id, "", naca, NacaConfig.Mode.EVENT, interval, limit);
            case "naca-tick" -> naca(id, "", naca, NacaConfig.Mode.TICK, interval, limit);
            case "naca-fixed" -> naca(id, ", fixed hidden", fixed, naca.mode(), interval, limit);
            case "naca-event-fixed" -> naca(id, ", fixed hidden", fixed, NacaConfig.Mode.EVENT, interval, limit);
            case "naca-tick-fixed" -> naca(id, ", fixed hidden", fixed, NacaConfig.Mode.TICK, interval, limit);
            case "bp" -> new Spec(id, "bp (" + bp.describe() + ")",
                    l -> new BackpropLearner(bp, l, interval, true, limit));
            case "bp-ewc" -> {
                float lambda = (float) config.decimal("bp.ewc-lambda");
                yield new Spec(id, "bp + ewc (" + bp.describe() + ", lambda " + lambda + ")",
                        l -> new BackpropLearner(bp.withEwc(lambda), l, interval, true, limit));
            }
            case "softmax" -> new Spec(id, "softmax on counts (lr " + config.decimal("softmax.learning-rate") + ")",
                    l -> LearnerFactory.softmax(config, inputs, l, interval, true));
            default -> throw new IllegalArgumentException("unknown learner '" + id + "'; learners: "
                    + String.join(", ", IDS));
        };
    }

    /** The id of the learner {@code learner.algorithm} selects. */
    static String configured(ServiceConfig config) {
        String algorithm = config.string("learner.algorithm").trim().toLowerCase(Locale.ROOT);
        return algorithm.equals("bp+ewc") ? "bp-ewc" : algorithm;
    }

    private static Spec naca(String id, String variant, NacaConfig naca, NacaConfig.Mode mode, long interval,
                             int limit) {
        String name = (mode == NacaConfig.Mode.EVENT ? "naca (event" : "naca (tick " + naca.tickUs() / 1000 + " ms")
                + variant + ")";
        return new Spec(id, name, l -> new NacaLearner(new NacaNetwork(naca.toBuilder().mode(mode).build()), l,
                interval, true, limit));
    }
}
