package io.nacastream.service.bench;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
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
 * configured mode), {@code naca-event}, {@code naca-tick}, {@code bp} (the backprop baseline) and {@code bp-ewc}.
 */
final class BenchLearners {

    /** Every learner id, in table order. */
    static final List<String> IDS = List.of("naca", "naca-event", "naca-tick", "bp", "bp-ewc");

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
        NacaConfig naca = LearnerFactory.naca(config, inputs);
        return switch (id) {
            case "naca" -> naca(id, naca, naca.mode(), interval);
            case "naca-event" -> naca(id, naca, NacaConfig.Mode.EVENT, interval);
            case "naca-tick" -> naca(id, naca, NacaConfig.Mode.TICK, interval);
            case "bp" -> new Spec(id, "bp (" + config.longValue("bp.bin-us") / 1000 + " ms frames)",
                    l -> new BackpropLearner(LearnerFactory.bp(config, inputs).withEwc(0f), l, interval, true));
            case "bp-ewc" -> {
                float lambda = (float) config.decimal("bp.ewc-lambda");
                yield new Spec(id, "bp + ewc (lambda " + lambda + ")", l -> new BackpropLearner(
                        LearnerFactory.bp(config, inputs).withEwc(lambda), l, interval, true));
            }
            default -> throw new IllegalArgumentException("unknown learner '" + id + "'; learners: "
                    + String.join(", ", IDS));
        };
    }

    /** The id of the learner {@code learner.algorithm} selects. */
    static String configured(ServiceConfig config) {
        String algorithm = config.string("learner.algorithm").trim().toLowerCase(Locale.ROOT);
        return algorithm.equals("bp+ewc") ? "bp-ewc" : algorithm;
    }

    private static Spec naca(String id, NacaConfig naca, NacaConfig.Mode mode, long interval) {
        String name = mode == NacaConfig.Mode.EVENT ? "naca (event)" : "naca (tick " + naca.tickUs() / 1000 + " ms)";
        return new Spec(id, name, l -> new NacaLearner(new NacaNetwork(naca.toBuilder().mode(mode).build()), l,
                interval, true));
    }
}
