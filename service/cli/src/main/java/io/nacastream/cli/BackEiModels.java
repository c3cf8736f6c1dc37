package io.nacastream.cli;

import io.nacastream.bench.Learners;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.backei.BackEiConfig;
import io.nacastream.learner.backei.BackEiLearner;
import io.nacastream.learner.naca.NetworkHealth;
import io.nacastream.service.config.LearnerSettings;
import io.nacastream.service.config.Settings;
import io.nacastream.service.stream.ModelFactory;

/**
 * BackEISNN models of the all-in-one jar's service ({@code learner.algorithm=backei}; it needs ND4J, which the lean
 * service jar leaves out): started fresh from {@code backei.*}, saved in the learner's own encoding
 * ({@link BackEiLearner#encode()}), and restored only when they take this service's inputs and classes.
 */
public final class BackEiModels implements ModelFactory {

    private final BackEiConfig config;
    private final long predictionIntervalUs;
    private final boolean countOps;
    private final int replayLimit;

    /** Models of {@code config}, predicting every {@code predictionIntervalUs} of stream time. */
    public BackEiModels(BackEiConfig config, long predictionIntervalUs, boolean countOps, int replayLimit) {
        this.config = config;
        this.predictionIntervalUs = predictionIntervalUs;
        this.countOps = countOps;
        this.replayLimit = replayLimit;
    }

    /** The models the {@code learner.*} and {@code backei.*} keys of {@code settings} configure. */
    public static BackEiModels of(Settings settings) {
        LearnerSettings learner = settings.learner();
        return new BackEiModels(Learners.backei(learner), learner.predictionIntervalUs(), learner.countOps(),
                learner.replayLimit());
    }

    @Override
    public String algorithm() {
        return BackEiLearner.ALGORITHM;
    }

    @Override
    public int classes() {
        return config.classes();
    }

    @Override
    public Start create(String modelId, LabelBook labels) {
        return new Start(new BackEiLearner(config, labels, predictionIntervalUs, countOps, replayLimit), "fresh");
    }

    @Override
    public OnlineLearner restore(byte[] checkpoint, LabelBook labels) {
        BackEiLearner learner;
        try {
            learner = BackEiLearner.restore(checkpoint, labels, predictionIntervalUs, countOps, replayLimit);
        } catch (NegativeArraySizeException e) {
            throw new IllegalArgumentException("damaged BackEISNN checkpoint: negative length", e);
        }
        BackEiConfig have = learner.config();
        if (have.inputs() != config.inputs() || have.classes() != config.classes()) {
            throw new IllegalArgumentException("incompatible model: " + have.inputs() + " inputs and "
                    + have.classes() + " classes, this service has " + config.inputs() + " and " + config.classes());
        }
        return learner;
    }

    @Override
    public boolean checkpointable() {
        return true;
    }

    @Override
    public byte[] encode(OnlineLearner model) {
        return ((BackEiLearner) model).encode();
    }

    /** Not measured for BackEISNN (null): its weights are neither growth-checked nor rolled back when not finite. */
    @Override
    public NetworkHealth health(OnlineLearner model) {
        return null;
    }
}
