package io.nacastream.service.config;

import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.kernel.MembraneKernel;
import io.nacastream.learner.kernel.MembraneKernels;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.sbp.SbpConfig;

import java.util.Arrays;
import java.util.List;

/**
 * What the learners read ({@code learner.*}, {@code prediction.interval-ms}, {@code evaluation.interval-segments}
 * and the baselines' keys).
 *
 * @param algorithm               which learner learns ({@code learner.algorithm})
 * @param classes                 the model's classes ({@code learner.classes})
 * @param naca                    the NACA network for the encoder's input count
 * @param countOps                count operations and CPU time per layer and phase ({@code learner.count-ops})
 * @param replayLimit             most input spikes of a segment kept to learn from after its verdict
 * @param kernel                  event mode's membrane kernel ({@code learner.kernel}), resolved for this JVM
 * @param predictionIntervalUs    stream time between two predictions of a stream, microseconds
 * @param evaluationEverySegments segment verdicts between two evaluation records
 * @param baselines               the baselines' settings ({@code bp.*}, {@code softmax.*}, {@code ridge.*},
 *                                {@code sbp.*}, {@code backei.*})
 * @param hiddenRules             what each hidden rule of the NACA network has of its own (rate, DFA's threshold)
 */
public record LearnerSettings(Algorithm algorithm, ClassNames classes, NacaConfig naca, boolean countOps,
                              int replayLimit, MembraneKernel kernel, long predictionIntervalUs, int evaluationEverySegments,
                              BaselineSettings baselines, HiddenRuleSettings hiddenRules) {

    /**
     * What each hidden rule the NACA network can run has of its own, each chosen on validation data: its hidden
     * learning rate, and DFA's threshold.
     *
     * @param naca         {@code learner.eta-hidden}
     * @param drtp         {@code drtp.eta-hidden}
     * @param dfa          {@code dfa.eta-hidden}
     * @param dfaThreshold {@code dfa.threshold}
     */
    public record HiddenRuleSettings(float naca, float drtp, float dfa, float dfaThreshold) {

        /** The rate of {@code rule}. */
        public float of(NacaConfig.HiddenRule rule) {
            return switch (rule) {
                case NACA -> naca;
                case DRTP -> drtp;
                case DFA -> dfa;
            };
        }
    }

    /**
     * The configured NACA network with {@code rule} teaching its hidden layers at that rule's rate (DFA: with the
     * spikes readout, which it needs, at {@code dfa.threshold}).
     */
    public NacaConfig naca(NacaConfig.HiddenRule rule) {
        NacaConfig.Builder b = naca.toBuilder().hiddenRule(rule).learningRates(hiddenRules.of(rule), naca.etaOutput());
        if (rule == NacaConfig.HiddenRule.DFA) {
            b.readout(NacaConfig.Readout.SPIKES, naca.readoutRidge())
                    .neuron(hiddenRules.dfaThreshold(), hiddenRules.dfaThreshold());
        }
        return b.build();
    }

    /** The SBP learner's configuration: the NACA network's sizes and seed, the {@code sbp.*} variant and rate. */
    public SbpConfig sbp() {
        return SbpConfig.of(naca.inputs(), naca.hiddenSizes(), naca.classes(),
                SbpConfig.Variant.of(baselines.sbpVariant()), (float) baselines.sbpLearningRate(), naca.seed());
    }

    /** The learners {@code learner.algorithm} chooses from. */
    public enum Algorithm {
        /** NACA: feedforward, no backward pass. */
        NACA("naca"),
        /** The NACA network with DRTP's hidden rule: a fixed random projection of the label. */
        DRTP("drtp"),
        /** The NACA network with DFA's hidden rule: a fixed random projection of the output error. */
        DFA("dfa"),
        /** The backprop MLP baseline. */
        BP("bp"),
        /** The backprop baseline with elastic weight consolidation. */
        BP_EWC("bp+ewc"),
        /** Softmax regression on segment-pooled input counts. */
        SOFTMAX("softmax"),
        /** Ridge regression on segment-pooled input counts. */
        RIDGE("ridge"),
        /** SBP: self-backpropagation, free and clamped phases per segment (not feedforward). */
        SBP("sbp"),
        /** BackEISNN: self-feedback E/I spiking network trained by truncated BPTT. */
        BACKEI("backei");

        private final String id;

        Algorithm(String id) {
            this.id = id;
        }

        /** Its value of {@code learner.algorithm}. */
        public String id() {
            return id;
        }

        /** Every id, in declaration order. */
        static List<String> ids() {
            return Arrays.stream(values()).map(Algorithm::id).toList();
        }

        /** The algorithm of the id {@code value}, in any case (checked by the key's validator). */
        static Algorithm of(String value) {
            return Arrays.stream(values()).filter(a -> a.id.equalsIgnoreCase(value.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no learner algorithm '" + value + "'"));
        }
    }

    /**
     * The learner settings of {@code config} with a NACA network for {@code inputs} inputs; {@link Settings#of} sizes
     * it for the encoder's grid.
     */
    public static LearnerSettings of(ServiceConfig config, int inputs) {
        return new LearnerSettings(Algorithm.of(config.string("learner.algorithm")), ModelConfigs.classes(config),
                ModelConfigs.naca(config, inputs), config.bool("learner.count-ops"),
                config.integer("learner.replay-limit"), MembraneKernels.named(config.string("learner.kernel")),
                config.longValue("prediction.interval-ms") * 1000,
                config.integer("evaluation.interval-segments"), BaselineSettings.of(config),
                new HiddenRuleSettings((float) config.decimal("learner.eta-hidden"),
                        (float) config.decimal("drtp.eta-hidden"), (float) config.decimal("dfa.eta-hidden"),
                        (float) config.decimal("dfa.threshold")));
    }

    /** True for the learners the NACA network runs (naca, drtp, dfa), whose models are NACA checkpoints. */
    public boolean nacaFamily() {
        return algorithm == Algorithm.NACA || algorithm == Algorithm.DRTP || algorithm == Algorithm.DFA;
    }

    /**
     * Checks that the classes are the 11 DVS128 Gesture classes, as a job on the synthetic gesture stream needs;
     * throws naming the key otherwise.
     */
    public void requireGestureClasses() {
        if (!classes.equals(ClassNames.dvsGesture())) {
            throw new IllegalArgumentException("configuration key 'learner.classes' is '" + classes.spec()
                    + "', but the synthetic gesture stream has the 11 DVS128 Gesture classes: leave it at dvs-gesture");
        }
    }
}
