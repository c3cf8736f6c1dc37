package io.nacastream.bench;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.bp.BackpropConfig;
import io.nacastream.learner.bp.BackpropLearner;
import io.nacastream.learner.counts.PooledCountLearner;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import io.nacastream.service.config.ModelConfigs;
import io.nacastream.service.config.ServiceConfig;

import java.util.Locale;

/**
 * Builds any learner {@code learner.algorithm} selects, baselines included ({@code bp.*}, {@code softmax.*},
 * {@code ridge.*} keys); the deployed service builds NACA only, through {@link ModelConfigs}.
 */
public final class Learners {

    private Learners() {
    }

    /** The learner selected by {@code learner.algorithm}. */
    public static OnlineLearner create(ServiceConfig config, int inputs, LabelBook labels, long predictionIntervalUs) {
        boolean count = config.bool("learner.count-ops");
        int limit = config.integer("learner.replay-limit");
        return switch (config.string("learner.algorithm").trim().toLowerCase(Locale.ROOT)) {
            case "naca" -> new NacaLearner(new NacaNetwork(ModelConfigs.naca(config, inputs)), labels, predictionIntervalUs, count,
                    limit);
            case "softmax" -> softmax(config, inputs, labels, predictionIntervalUs, count);
            case "ridge" -> ridge(config, inputs, labels, predictionIntervalUs, count);
            default -> new BackpropLearner(bp(config, inputs), labels, predictionIntervalUs, count, limit);
        };
    }

    /** The backprop baseline configuration for {@code inputs} inputs. */
    public static BackpropConfig bp(ServiceConfig config, int inputs) {
        boolean ewc = config.string("learner.algorithm").trim().equalsIgnoreCase("bp+ewc");
        try {
            return new BackpropConfig(inputs, ModelConfigs.hiddenSizes(config.string("learner.hidden")), ModelConfigs.classes(config).count(),
                    config.longValue("bp.bin-us"), (float) config.decimal("bp.learning-rate"),
                    ewc ? (float) config.decimal("bp.ewc-lambda") : 0f, config.longValue("learner.seed"),
                    BackpropConfig.Optimiser.of(config.string("bp.optimiser")), config.longValue("bp.trace-us"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backprop configuration: " + e.getMessage(), e);
        }
    }

    /** The softmax baseline on segment-pooled counts for {@code inputs} inputs. */
    public static PooledCountLearner softmax(ServiceConfig config, int inputs, LabelBook labels,
                                              long predictionIntervalUs, boolean countOps) {
        return new PooledCountLearner(inputs, ModelConfigs.classes(config).count(), (float) config.decimal("softmax.learning-rate"),
                labels, predictionIntervalUs, countOps);
    }

    /** The ridge regression baseline on segment-pooled counts for {@code inputs} inputs. */
    public static PooledCountLearner ridge(ServiceConfig config, int inputs, LabelBook labels,
                                           long predictionIntervalUs, boolean countOps) {
        return PooledCountLearner.ridge(inputs, ModelConfigs.classes(config).count(), config.decimal("ridge.penalty"), labels,
                predictionIntervalUs, countOps);
    }
}
