package io.nacastream.learner.checkpoint;

import io.nacastream.encoder.InputGrid;
import io.nacastream.ingest.label.ClassNames;

/**
 * What a model's inputs and outputs mean, recorded in its checkpoint: the input grid (and region of interest) the
 * encoder maps every sensor onto, and the names of its classes. A model is only reused where both agree.
 *
 * @param grid    the input grid; its {@link InputGrid#inputCount()} is the model's input count
 * @param classes the class names; their count is the model's output count
 */
public record ModelSchema(InputGrid grid, ClassNames classes) {

    /** Checks both are set. */
    public ModelSchema {
        if (grid == null || classes == null) {
            throw new IllegalArgumentException("a model schema needs a grid and class names");
        }
    }

    /** Null if a model of this schema may be used where {@code wanted} is expected, else why not. */
    public String mismatch(ModelSchema wanted) {
        if (!grid.equals(wanted.grid)) {
            return "its input grid is " + grid + ", this configuration's " + wanted.grid;
        }
        if (!classes.equals(wanted.classes)) {
            return "its classes are " + classes.spec() + ", this configuration's " + wanted.classes.spec();
        }
        return null;
    }
}
