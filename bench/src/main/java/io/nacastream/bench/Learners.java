package io.nacastream.bench;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.backei.BackEiConfig;
import io.nacastream.learner.backei.BackEiLearner;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.bp.BackpropConfig;
import io.nacastream.learner.bp.BackpropLearner;
import io.nacastream.learner.counts.PooledCountLearner;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import io.nacastream.learner.sbp.SbpLearner;
import io.nacastream.service.config.BaselineSettings;
import io.nacastream.service.config.LearnerSettings;

/**
 * Builds any learner {@code learner.algorithm} selects, baselines included ({@link BaselineSettings}); the deployed
 * service builds NACA only. Every learner is sized like {@link LearnerSettings#naca()}: its inputs, hidden layers and
 * classes.
 */
public final class Learners {

    private Learners() {
    }

    /** The learner {@code learner} selects. */
    public static OnlineLearner create(LearnerSettings learner, LabelBook labels) {
        return create(learner, labels, learner.predictionIntervalUs());
    }

    private static OnlineLearner create(LearnerSettings learner, LabelBook labels, long predictionIntervalUs) {
        boolean count = learner.countOps();
        int limit = learner.replayLimit();
        return switch (learner.algorithm()) {
            case NACA, DRTP, DFA -> new NacaLearner(new NacaNetwork(learner.naca()), labels, predictionIntervalUs,
                    count, limit);
            case SOFTMAX -> softmax(learner, labels, predictionIntervalUs, count);
            case RIDGE -> ridge(learner, labels, predictionIntervalUs, count);
            case BP, BP_EWC -> new BackpropLearner(bp(learner), labels, predictionIntervalUs, count, limit);
            case SBP -> new SbpLearner(learner.sbp(), labels, predictionIntervalUs, count);
            case BACKEI -> new BackEiLearner(backei(learner), labels, predictionIntervalUs, count, limit);
        };
    }

    /** The backprop baseline's configuration; EWC on only when the algorithm is {@code bp+ewc}. */
    public static BackpropConfig bp(LearnerSettings learner) {
        NacaConfig sizes = learner.naca();
        BaselineSettings b = learner.baselines();
        boolean ewc = learner.algorithm() == LearnerSettings.Algorithm.BP_EWC;
        try {
            return new BackpropConfig(sizes.inputs(), sizes.hiddenSizes(), sizes.classes(), b.bpBinUs(),
                    (float) b.bpLearningRate(), ewc ? (float) b.bpEwcLambda() : 0f, sizes.seed(),
                    BackpropConfig.Optimiser.of(b.bpOptimiser()), b.bpTraceUs());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backprop configuration: " + e.getMessage(), e);
        }
    }

    /** The BackEISNN baseline's configuration, sized like the NACA network. */
    public static BackEiConfig backei(LearnerSettings learner) {
        NacaConfig sizes = learner.naca();
        BaselineSettings.BackEi b = learner.baselines().backei();
        try {
            return new BackEiConfig(sizes.inputs(), sizes.hiddenSizes(), sizes.classes(), b.binUs(),
                    (float) b.learningRate(), b.truncationSteps(), sizes.seed());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BackEISNN configuration: " + e.getMessage(), e);
        }
    }

    /** The softmax baseline on segment-pooled counts. */
    public static PooledCountLearner softmax(LearnerSettings learner, LabelBook labels, long predictionIntervalUs,
                                              boolean countOps) {
        return new PooledCountLearner(learner.naca().inputs(), learner.naca().classes(),
                (float) learner.baselines().softmaxLearningRate(), labels, predictionIntervalUs, countOps);
    }

    /** The ridge regression baseline on segment-pooled counts. */
    public static PooledCountLearner ridge(LearnerSettings learner, LabelBook labels, long predictionIntervalUs,
                                           boolean countOps) {
        return PooledCountLearner.ridge(learner.naca().inputs(), learner.naca().classes(),
                learner.baselines().ridgePenalty(), labels, predictionIntervalUs, countOps);
    }
}
