package io.nacastream.cli;

import io.nacastream.bench.Learners;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.backei.BackEiConfig;
import io.nacastream.learner.backei.BackEiLearner;
import io.nacastream.learner.health.NetworkHealth;
import io.nacastream.service.config.LearnerSettings;
import io.nacastream.service.config.Settings;
import io.nacastream.service.stream.SelfEncodedModels;

/**
 * BackEISNN models of the all-in-one jar's service ({@code learner.algorithm=backei}; it needs ND4J, which the lean
 * service jar leaves out): started fresh from {@code backei.*}, saved in the learner's own encoding
 * ({@link BackEiLearner#encode()}), and restored only when they take this service's inputs and classes.
 */
public final class BackEiModels extends SelfEncodedModels<BackEiLearner> {

    private final BackEiConfig config;
    private final long predictionIntervalUs;
    private final boolean countOps;
    private final int replayLimit;

    /** Models of {@code config}, predicting every {@code predictionIntervalUs} of stream time. */
    public BackEiModels(BackEiConfig config, long predictionIntervalUs, boolean countOps, int replayLimit) {
        super(BackEiLearner.class, config.inputs(), config.classes());
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
    public Start create(String modelId, LabelBook labels) {
        return new Start(new BackEiLearner(config, labels, predictionIntervalUs, countOps, replayLimit), "fresh");
    }

    @Override
    protected BackEiLearner decode(byte[] checkpoint, LabelBook labels) {
        try {
            return BackEiLearner.restore(checkpoint, labels, predictionIntervalUs, countOps, replayLimit);
        } catch (NegativeArraySizeException e) {
            throw new IllegalArgumentException("damaged BackEISNN checkpoint: negative length", e);
        }
    }

    @Override
    protected byte[] bytes(BackEiLearner learner) {
        return learner.encode();
    }

    @Override
    protected int inputsOf(BackEiLearner learner) {
        return learner.config().inputs();
    }

    @Override
    protected int classesOf(BackEiLearner learner) {
        return learner.config().classes();
    }

    @Override
    protected NetworkHealth healthOf(BackEiLearner learner) {
        return learner.health();
    }
}
