package io.nacastream.bench;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.health.NetworkHealth;
import io.nacastream.service.config.LearnerSettings;
import io.nacastream.service.config.Settings;
import io.nacastream.service.stream.ModelFactory;

/**
 * The baselines ({@code learner.algorithm} bp, bp+ewc, softmax, ridge) as models of the stream processor, for
 * bounded runs that compare them with NACA on the same path. They are not checkpointed: a bounded run keeps them in
 * memory from start to end.
 */
public final class BaselineModels implements ModelFactory {

    private final LearnerSettings learner;

    /** The baseline {@code learner} selects. */
    public BaselineModels(LearnerSettings learner) {
        this.learner = learner;
    }

    /** The factory of the configured learner: null for NACA (the service's own), else the baseline. */
    public static ModelFactory forSettings(Settings settings) {
        return settings.learner().nacaFamily() ? null
                : new BaselineModels(settings.learner());
    }

    @Override
    public String algorithm() {
        return learner.algorithm().id();
    }

    @Override
    public int classes() {
        return learner.classes().count();
    }

    @Override
    public Start create(String modelId, LabelBook labels) {
        return new Start(Learners.create(learner, labels), "fresh");
    }

    @Override
    public OnlineLearner restore(byte[] checkpoint, LabelBook labels) {
        throw new IllegalArgumentException("the " + algorithm() + " baseline has no checkpoint format");
    }

    @Override
    public boolean checkpointable() {
        return false;
    }

    @Override
    public byte[] encode(OnlineLearner model) {
        throw new UnsupportedOperationException("the " + algorithm() + " baseline has no checkpoint format");
    }

    @Override
    public NetworkHealth health(OnlineLearner model) {
        return null;
    }
}
