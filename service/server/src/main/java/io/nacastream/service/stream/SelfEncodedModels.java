package io.nacastream.service.stream;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.health.NetworkHealth;

/**
 * Models of a learner that saves itself in its own encoding (SBP, BackEISNN): restored only when they take this
 * service's inputs and classes; their health is measured at each save, so a model whose weights or state are no
 * longer finite is rolled back to its last good checkpoint as NACA's are.
 *
 * @param <L> the learner
 */
public abstract class SelfEncodedModels<L extends OnlineLearner> implements ModelFactory {

    private final Class<L> type;
    private final int inputs;
    private final int classes;

    /** Models of learners of {@code type} with {@code inputs} inputs and {@code classes} classes. */
    protected SelfEncodedModels(Class<L> type, int inputs, int classes) {
        this.type = type;
        this.inputs = inputs;
        this.classes = classes;
    }

    /** The learner saved in {@code checkpoint}; throws {@link IllegalArgumentException} when it is not one. */
    protected abstract L decode(byte[] checkpoint, LabelBook labels);

    /** The learner's own encoding of itself. */
    protected abstract byte[] bytes(L learner);

    /** The input count of {@code learner}. */
    protected abstract int inputsOf(L learner);

    /** The class count of {@code learner}. */
    protected abstract int classesOf(L learner);

    /** The learner's weights and state health. */
    protected abstract NetworkHealth healthOf(L learner);

    @Override
    public final int classes() {
        return classes;
    }

    @Override
    public final OnlineLearner restore(byte[] checkpoint, LabelBook labels) {
        L learner = decode(checkpoint, labels);
        if (inputsOf(learner) != inputs || classesOf(learner) != classes) {
            throw new IllegalArgumentException("incompatible model: " + inputsOf(learner) + " inputs and "
                    + classesOf(learner) + " classes, this service has " + inputs + " and " + classes);
        }
        return learner;
    }

    @Override
    public final boolean checkpointable() {
        return true;
    }

    @Override
    public final byte[] encode(OnlineLearner model) {
        return bytes(type.cast(model));
    }

    @Override
    public final NetworkHealth health(OnlineLearner model) {
        return healthOf(type.cast(model));
    }
}
