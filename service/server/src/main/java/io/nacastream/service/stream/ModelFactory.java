package io.nacastream.service.stream;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.health.NetworkHealth;

import java.util.function.Supplier;

/**
 * What the processor's models are and how they are made, saved and restored: in the deployed service the NACA
 * network's from their base models and checkpoints ({@link NacaModels}), SBP's ({@link SbpModels}) and, in the
 * all-in-one jar, BackEISNN's; any learner in bounded runs of the command line.
 */
public interface ModelFactory {

    /** Name of the learning algorithm, as published with verdicts and energy records. */
    String algorithm();

    /** Number of classes the models tell apart; labels of other classes are refused. */
    int classes();

    /** A new model for {@code modelId} learning from the labels in {@code labels}. */
    Start create(String modelId, LabelBook labels);

    /**
     * The model saved in {@code checkpoint}, learning from {@code labels}; throws {@link IllegalArgumentException}
     * saying why when the bytes are damaged or the model does not fit this service.
     */
    OnlineLearner restore(byte[] checkpoint, LabelBook labels);

    /** Whether {@link #encode} can save this factory's models. */
    boolean checkpointable();

    /** The checkpoint bytes of {@code model}, open segments included. */
    byte[] encode(OnlineLearner model);

    /**
     * The checkpoint bytes of {@code model} as it is now, to be encoded later, possibly on another thread, while
     * the model goes on learning. By default encoded at once; a factory whose encoding is slow copies the state.
     */
    default Supplier<byte[]> snapshot(OnlineLearner model) {
        byte[] bytes = encode(model);
        return () -> bytes;
    }

    /** Whether {@code model}'s weights and potentials are finite, and how far they grew; null if not measured. */
    NetworkHealth health(OnlineLearner model);

    /** A new model and the name of what it started from ("fresh", "default", "prefix:..."). */
    record Start(OnlineLearner learner, String base) {
    }
}
