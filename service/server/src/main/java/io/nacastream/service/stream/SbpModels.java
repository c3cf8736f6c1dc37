package io.nacastream.service.stream;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.naca.NetworkHealth;
import io.nacastream.learner.sbp.SbpConfig;
import io.nacastream.learner.sbp.SbpLearner;

/**
 * SBP models of the deployed service ({@code learner.algorithm=sbp}): started fresh from {@code sbp.*}, saved in the
 * learner's own encoding ({@link SbpLearner#encode()}), and restored only when they take this service's inputs and
 * classes.
 */
public final class SbpModels implements ModelFactory {

    private final SbpConfig config;
    private final long predictionIntervalUs;
    private final boolean countOps;

    /** Models of {@code config}, predicting every {@code predictionIntervalUs} of stream time. */
    public SbpModels(SbpConfig config, long predictionIntervalUs, boolean countOps) {
        this.config = config;
        this.predictionIntervalUs = predictionIntervalUs;
        this.countOps = countOps;
    }

    @Override
    public String algorithm() {
        return "sbp";
    }

    @Override
    public int classes() {
        return config.classes();
    }

    @Override
    public Start create(String modelId, LabelBook labels) {
        return new Start(new SbpLearner(config, labels, predictionIntervalUs, countOps), "fresh");
    }

    @Override
    public OnlineLearner restore(byte[] checkpoint, LabelBook labels) {
        SbpLearner learner;
        try {
            learner = SbpLearner.restore(checkpoint, labels, predictionIntervalUs, countOps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an SBP checkpoint: " + e.getMessage(), e);
        }
        SbpConfig have = learner.network().config();
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
        return ((SbpLearner) model).encode();
    }

    /** Not measured for SBP (null): its weights are neither growth-checked nor rolled back when not finite. */
    @Override
    public NetworkHealth health(OnlineLearner model) {
        return null;
    }
}
