package io.nacastream.service.stream;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.health.NetworkHealth;
import io.nacastream.learner.sbp.SbpConfig;
import io.nacastream.learner.sbp.SbpLearner;

/**
 * SBP models of the deployed service ({@code learner.algorithm=sbp}): started fresh from {@code sbp.*}, saved in the
 * learner's own encoding ({@link SbpLearner#encode()}), and restored only when they take this service's inputs and
 * classes.
 */
public final class SbpModels extends SelfEncodedModels<SbpLearner> {

    private final SbpConfig config;
    private final long predictionIntervalUs;
    private final boolean countOps;

    /** Models of {@code config}, predicting every {@code predictionIntervalUs} of stream time. */
    public SbpModels(SbpConfig config, long predictionIntervalUs, boolean countOps) {
        super(SbpLearner.class, config.inputs(), config.classes());
        this.config = config;
        this.predictionIntervalUs = predictionIntervalUs;
        this.countOps = countOps;
    }

    @Override
    public String algorithm() {
        return "sbp";
    }

    @Override
    public Start create(String modelId, LabelBook labels) {
        return new Start(new SbpLearner(config, labels, predictionIntervalUs, countOps), "fresh");
    }

    @Override
    protected SbpLearner decode(byte[] checkpoint, LabelBook labels) {
        try {
            return SbpLearner.restore(checkpoint, labels, predictionIntervalUs, countOps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an SBP checkpoint: " + e.getMessage(), e);
        }
    }

    @Override
    protected byte[] bytes(SbpLearner learner) {
        return learner.encode();
    }

    @Override
    protected int inputsOf(SbpLearner learner) {
        return learner.network().config().inputs();
    }

    @Override
    protected int classesOf(SbpLearner learner) {
        return learner.network().config().classes();
    }

    @Override
    protected NetworkHealth healthOf(SbpLearner learner) {
        return learner.health();
    }
}
