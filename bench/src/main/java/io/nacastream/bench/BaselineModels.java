package io.nacastream.bench;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.naca.NetworkHealth;
import io.nacastream.service.config.ModelConfigs;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.stream.ModelFactory;

/**
 * The baselines ({@code learner.algorithm} bp, bp+ewc, softmax, ridge) as models of the stream processor, for
 * bounded runs that compare them with NACA on the same path. They are not checkpointed: a bounded run keeps them in
 * memory from start to end.
 */
public final class BaselineModels implements ModelFactory {

    private final ServiceConfig config;
    private final int inputs;
    private final long predictionIntervalUs;
    private final String algorithm;
    private final int classes;

    /** The baseline {@code config} selects, for the encoder's input count. */
    public BaselineModels(ServiceConfig config) {
        this.config = config;
        this.inputs = ModelConfigs.encoder(config).inputCount();
        this.predictionIntervalUs = config.longValue("prediction.interval-ms") * 1000;
        this.algorithm = Learners.create(config, inputs, new LabelBook(), predictionIntervalUs).algorithm();
        this.classes = ModelConfigs.classes(config).count();
    }

    /** The factory of the configured learner: null for NACA (the service's own), else the baseline. */
    public static ModelFactory forConfig(ServiceConfig config) {
        return config.string("learner.algorithm").trim().equalsIgnoreCase("naca") ? null : new BaselineModels(config);
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public Start create(String modelId, LabelBook labels) {
        return new Start(Learners.create(config, inputs, labels, predictionIntervalUs), "fresh");
    }

    @Override
    public OnlineLearner restore(byte[] checkpoint, LabelBook labels) {
        throw new IllegalArgumentException("the " + algorithm + " baseline has no checkpoint format");
    }

    @Override
    public boolean checkpointable() {
        return false;
    }

    @Override
    public byte[] encode(OnlineLearner model) {
        throw new UnsupportedOperationException("the " + algorithm + " baseline has no checkpoint format");
    }

    @Override
    public NetworkHealth health(OnlineLearner model) {
        return null;
    }
}
