package io.nacastream.service.config;

import io.nacastream.encoder.EncoderConfig;

/**
 * The checks that span several keys, made once every key's own value is valid; each failure names the keys. The
 * checks of one key alone are part of its definition ({@link ConfigKey#validator()}).
 */
final class CrossKeyChecks {

    private CrossKeyChecks() {
    }

    /** Checks that the keys of {@code config} agree with each other; throws naming them otherwise. */
    static void check(ServiceConfig config) {
        EncoderConfig encoder = ModelConfigs.encoder(config);   // encoder.grid and encoder.roi parse together
        // the NACA network: encoder.grid's inputs, learner.hidden and learner.classes must make one
        LearnerSettings learner = LearnerSettings.of(config, encoder.inputCount());
        checkpointsAreNaca(RunSettings.of(config), learner.algorithm());
    }

    /** {@code checkpoint.path} and {@code checkpoint.npy-dir} save a NACA model: they need that learner. */
    private static void checkpointsAreNaca(RunSettings run, LearnerSettings.Algorithm algorithm) {
        if (run.savesModel() && algorithm != LearnerSettings.Algorithm.NACA) {
            throw new IllegalArgumentException("configuration keys 'checkpoint.path' and 'checkpoint.npy-dir' apply "
                    + "to learner.algorithm=naca, not " + algorithm.id());
        }
    }
}
