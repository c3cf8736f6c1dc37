package io.nacastream.service.config;

/**
 * What the baselines read ({@code bp.*}, {@code softmax.*}, {@code ridge.*}, {@code sbp.*}, {@code backei.*}); the
 * bench module's {@code Learners} turns them into the baselines' own configurations.
 *
 * @param bpBinUs             frame length of the backprop baseline, microseconds
 * @param bpTraceUs           input trace time constant of the backprop baseline, microseconds (0: binary frames)
 * @param bpLearningRate      step size of the backprop baseline's optimiser
 * @param bpEwcLambda         EWC penalty strength of {@code bp+ewc}
 * @param bpOptimiser         optimiser of the backprop baseline: sgd or adam
 * @param softmaxLearningRate SGD step of the softmax baseline on segment-pooled input counts
 * @param ridgePenalty        ridge penalty of the ridge baseline on segment-pooled input counts
 * @param sbpVariant          SBP rescaling: pre, post, bp or all
 * @param sbpLearningRate     SBP step α of the hidden layers (the output layer's is half of it)
 * @param backei              the BackEISNN baseline's settings
 */
public record BaselineSettings(long bpBinUs, long bpTraceUs, double bpLearningRate, double bpEwcLambda,
                               String bpOptimiser, double softmaxLearningRate, double ridgePenalty,
                               String sbpVariant, double sbpLearningRate, BackEi backei) {

    /**
     * What the BackEISNN baseline reads ({@code backei.*}).
     *
     * @param learningRate    Adam step size
     * @param binUs           frame length, microseconds
     * @param truncationSteps frames per truncated-BPTT window
     */
    public record BackEi(double learningRate, long binUs, int truncationSteps) {
    }

    /** The baseline settings of {@code config}. */
    static BaselineSettings of(ServiceConfig config) {
        return new BaselineSettings(config.longValue("bp.bin-us"), config.longValue("bp.trace-us"),
                config.decimal("bp.learning-rate"), config.decimal("bp.ewc-lambda"),
                config.string("bp.optimiser"), config.decimal("softmax.learning-rate"),
                config.decimal("ridge.penalty"), config.string("sbp.variant"), config.decimal("sbp.learning-rate"),
                new BackEi(config.decimal("backei.learning-rate"), config.longValue("backei.bin-us"),
                        config.integer("backei.truncation-steps")));
    }
}
