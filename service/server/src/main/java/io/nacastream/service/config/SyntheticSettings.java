package io.nacastream.service.config;

/**
 * The synthetic gesture stream ({@code synthetic.*}).
 *
 * @param enabled       publish the synthetic stream before learning from the topics
 * @param seed          seed of the synthetic sensor and subjects
 * @param trainSubjects subjects whose gestures are learned from
 * @param testSubjects  further subjects held out: scored, never learned from
 * @param takeUs        duration of one gesture take, microseconds
 * @param gapUs         idle time between takes, microseconds
 */
public record SyntheticSettings(boolean enabled, long seed, int trainSubjects, int testSubjects, long takeUs,
                                long gapUs) {

    /** The synthetic stream settings of {@code config}. */
    static SyntheticSettings of(ServiceConfig config) {
        return new SyntheticSettings(config.bool("synthetic.enabled"), config.longValue("synthetic.seed"),
                config.integer("synthetic.train-subjects"), config.integer("synthetic.test-subjects"),
                config.integer("synthetic.take-ms") * 1000L, config.integer("synthetic.gap-ms") * 1000L);
    }
}
