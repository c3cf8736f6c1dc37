package io.nacastream.bench;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.backei.BackEiConfig;
import io.nacastream.learner.backei.BackEiLearner;
import io.nacastream.learner.bp.BackpropConfig;
import io.nacastream.learner.bp.BackpropLearner;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import io.nacastream.learner.sbp.SbpLearner;
import io.nacastream.service.config.LearnerSettings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The learners a benchmark compares, by id, each built from the service's configuration: {@code naca} (the
 * configured mode), {@code naca-event}, {@code naca-tick}; the fixed-random-hidden controls {@code naca-fixed},
 * {@code naca-event-fixed}, {@code naca-tick-fixed} (η_hidden = 0); the same network with the hidden rule on,
 * {@code naca-plastic}, {@code naca-event-plastic}, {@code naca-tick-plastic} (η_hidden as configured, or
 * {@link #PLASTIC_ETA} when that is 0), so a report shows what the hidden rule adds; the pure reference rule
 * {@code naca-reference} (event) and {@code naca-tick-reference} ({@link #reference}); the same network taught by
 * the random projections NACA descends from, {@code drtp} and {@code dfa} (at {@code drtp.eta-hidden} and
 * {@code dfa.eta-hidden}; dfa with the spikes readout it needs) and with the reference's constants
 * {@code drtp-reference} and {@code dfa-reference}, so a report shows what NACA's modulation curve and spike-timing
 * gate add over the plain projection; {@code bp} (the backprop
 * baseline, {@code bp.*} keys) and {@code bp-ewc}; {@code softmax} (softmax regression on segment-pooled input
 * counts) and {@code ridge} (ridge regression on them, the NACA ridge readout without a hidden layer); {@code sbp}
 * (self-backpropagation, {@code sbp.*} keys) and {@code backei} (BackEISNN by truncated BPTT, {@code backei.*} keys).
 * All learn by strict test-then-train.
 */
final class BenchLearners {

    /**
     * The learners a report shows by default: both NACA modes, event mode with its hidden rule on, the reference rule
     * in both modes, and the three baselines.
     */
    static final String DEFAULT = "naca-event,naca-tick,naca-event-plastic,naca-reference,naca-tick-reference,bp,"
            + "softmax,ridge";

    /** Every learner id, in table order. */
    static final List<String> IDS = List.of("naca", "naca-event", "naca-tick", "naca-fixed", "naca-event-fixed",
            "naca-tick-fixed", "naca-plastic", "naca-event-plastic", "naca-tick-plastic", "naca-reference",
            "naca-tick-reference", "drtp", "dfa", "drtp-reference", "dfa-reference", "bp", "bp-ewc", "softmax",
            "ridge", "sbp", "backei");

    /** The hidden rate of the {@code -plastic} variants when {@code learner.eta-hidden} is 0 (the tuning grid's). */
    static final float PLASTIC_ETA = 1e-4f;

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
    static List<Spec> parse(String ids, LearnerSettings learner) {
        List<Spec> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(List.of(ids.split(",")))) {
            out.add(of(id.trim().toLowerCase(Locale.ROOT), learner));
        }
        return out;
    }

    /** The learner {@code id}, configured by {@code learner}. */
    static Spec of(String id, LearnerSettings learner) {
        long interval = learner.predictionIntervalUs();
        int limit = learner.replayLimit();
        NacaConfig naca = learner.naca();
        NacaConfig fixed = naca.toBuilder().learningRates(0f, naca.etaOutput()).build();
        NacaConfig plastic = naca.toBuilder().learningRates(naca.etaHidden() > 0 ? naca.etaHidden() : PLASTIC_ETA,
                naca.etaOutput()).build();
        NacaConfig reference = reference(naca);
        BackpropConfig bp = Learners.bp(learner).withEwc(0f);
        return switch (id) {
            case "naca" -> naca(id, "", naca, naca.mode(), interval, limit);
            case "naca-event" -> naca(id, "", naca, NacaConfig.Mode.EVENT, interval, limit);
            case "naca-tick" -> naca(id, "", naca, NacaConfig.Mode.TICK, interval, limit);
            case "naca-fixed" -> naca(id, ", fixed hidden", fixed, naca.mode(), interval, limit);
            case "naca-event-fixed" -> naca(id, ", fixed hidden", fixed, NacaConfig.Mode.EVENT, interval, limit);
            case "naca-tick-fixed" -> naca(id, ", fixed hidden", fixed, NacaConfig.Mode.TICK, interval, limit);
            case "naca-plastic" -> naca(id, ", hidden rule on", plastic, naca.mode(), interval, limit);
            case "naca-event-plastic" -> naca(id, ", hidden rule on", plastic, NacaConfig.Mode.EVENT, interval, limit);
            case "naca-tick-plastic" -> naca(id, ", hidden rule on", plastic, NacaConfig.Mode.TICK, interval, limit);
            case "naca-reference" -> naca(id, ", reference rule", reference, NacaConfig.Mode.EVENT, interval, limit);
            case "naca-tick-reference" -> naca(id, ", reference rule", reference, NacaConfig.Mode.TICK, interval,
                    limit);
            case "drtp" -> naca(id, "", learner.naca(NacaConfig.HiddenRule.DRTP), naca.mode(), interval, limit);
            case "dfa" -> naca(id, "", learner.naca(NacaConfig.HiddenRule.DFA), naca.mode(), interval, limit);
            case "drtp-reference" -> naca(id, ", reference constants",
                    reference.toBuilder().hiddenRule(NacaConfig.HiddenRule.DRTP).build(), NacaConfig.Mode.EVENT,
                    interval, limit);
            case "dfa-reference" -> naca(id, ", reference constants",
                    reference.toBuilder().hiddenRule(NacaConfig.HiddenRule.DFA).build(), NacaConfig.Mode.EVENT,
                    interval, limit);
            case "bp" -> new Spec(id, "bp (" + bp.describe() + ")",
                    l -> new BackpropLearner(bp, l, interval, true, limit));
            case "bp-ewc" -> {
                float lambda = (float) learner.baselines().bpEwcLambda();
                yield new Spec(id, "bp + ewc (" + bp.describe() + ", lambda " + lambda + ")",
                        l -> new BackpropLearner(bp.withEwc(lambda), l, interval, true, limit));
            }
            case "softmax" -> new Spec(id, "softmax on counts (lr " + learner.baselines().softmaxLearningRate() + ")",
                    l -> Learners.softmax(learner, l, interval, true));
            case "ridge" -> new Spec(id, "ridge on counts (penalty " + learner.baselines().ridgePenalty() + ")",
                    l -> Learners.ridge(learner, l, interval, true));
            case "sbp" -> new Spec(id, "sbp (" + learner.baselines().sbpVariant() + ", alpha "
                    + learner.baselines().sbpLearningRate() + ")",
                    l -> new SbpLearner(learner.sbp(), l, interval, true));
            case "backei" -> {
                BackEiConfig backei = Learners.backei(learner);
                yield new Spec(id, "backei (" + backei.describe() + ")",
                        l -> new BackEiLearner(backei, l, interval, true, limit));
            }
            default -> throw new IllegalArgumentException("unknown learner '" + id + "'; learners: "
                    + String.join(", ", IDS));
        };
    }

    /**
     * The pure reference rule on {@code naca}'s sizes and seed (docs/learner.md, "Departures"): the output layer's
     * spikes decide, threshold 0.5, decay 0.2 per tick, no weight bound, η_h = η_o = 0.003.
     */
    static NacaConfig reference(NacaConfig naca) {
        return naca.toBuilder().readout(NacaConfig.Readout.SPIKES, naca.readoutRidge()).neuron(0.5f, 0.5f)
                .decayPerTick(0.2f).weightBound(0f).learningRates(3e-3f, 3e-3f).build();
    }

    /** The id of the learner {@code learner.algorithm} selects. */
    static String configured(LearnerSettings learner) {
        return learner.algorithm() == LearnerSettings.Algorithm.BP_EWC ? "bp-ewc" : learner.algorithm().id();
    }

    private static Spec naca(String id, String variant, NacaConfig naca, NacaConfig.Mode mode, long interval,
                             int limit) {
        String name = naca.hiddenRule().id() + (mode == NacaConfig.Mode.EVENT ? " (event"
                : " (tick " + naca.tickUs() / 1000 + " ms")
                + variant + (naca.ridgeReadout() ? ", ridge readout" : "") + ")";
        return new Spec(id, name, l -> new NacaLearner(new NacaNetwork(naca.toBuilder().mode(mode).build()), l,
                interval, true, limit));
    }
}
