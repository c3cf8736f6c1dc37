package io.nacastream.service;

import io.nacastream.service.config.LearnerSettings;
import io.nacastream.service.config.ServiceSettings;
import io.nacastream.service.config.Settings;
import io.nacastream.service.stream.BaseModels;
import io.nacastream.service.stream.ModelFactory;
import io.nacastream.service.stream.NacaModels;
import io.nacastream.service.stream.SbpModels;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The learners a service jar runs and how their models are made: the NACA network's (naca, drtp, dfa) and SBP in
 * every jar, and those a jar that carries them adds with {@link #with} (BackEISNN, which needs ND4J, in
 * naca-stream.jar).
 */
public final class ServiceLearners {

    private final Map<LearnerSettings.Algorithm, Function<Settings, ModelFactory>> added;

    private ServiceLearners(Map<LearnerSettings.Algorithm, Function<Settings, ModelFactory>> added) {
        this.added = added;
    }

    /** The lean jar's learners: the NACA network's and SBP. */
    public static ServiceLearners lean() {
        return new ServiceLearners(Map.of());
    }

    /** These learners and {@code algorithm}, whose models {@code factory} makes from the settings. */
    public ServiceLearners with(LearnerSettings.Algorithm algorithm, Function<Settings, ModelFactory> factory) {
        Map<LearnerSettings.Algorithm, Function<Settings, ModelFactory>> more =
                new EnumMap<>(LearnerSettings.Algorithm.class);
        more.putAll(added);
        more.put(algorithm, factory);
        return new ServiceLearners(more);
    }

    /** Checks that this jar runs the configured learner, from the bases configured; throws naming the key if not. */
    public void require(Settings settings) {
        LearnerSettings.Algorithm algorithm = settings.learner().algorithm();
        if (!runs(algorithm)) {
            throw new IllegalArgumentException("configuration key 'learner.algorithm': this service runs "
                    + String.join(", ", ids()) + ", not '" + algorithm.id() + "'"
                    + (algorithm == LearnerSettings.Algorithm.BACKEI
                    ? " (BackEISNN needs ND4J, which only naca-stream.jar has: use java -jar naca-stream.jar service)"
                    : ""));
        }
        ServiceSettings.Models models = settings.service().models();
        if (!settings.learner().nacaFamily() && (models.base().isPresent() || !models.namedBases().isEmpty())) {
            throw new IllegalArgumentException("configuration keys 'model.base' and 'model.named-bases' name NACA "
                    + "checkpoints, which learner.algorithm=" + algorithm.id() + " cannot start from: leave them "
                    + "empty");
        }
    }

    /** The models of the configured learner, which {@link #require} accepts. */
    public ModelFactory models(Settings settings) {
        require(settings);
        LearnerSettings learner = settings.learner();
        return switch (learner.algorithm()) {
            case NACA, DRTP, DFA -> {
                ServiceSettings.Models models = settings.service().models();
                yield new NacaModels(BaseModels.load(learner.naca(), settings.schema(), models.base(),
                        models.namedBases()), learner.predictionIntervalUs(), learner.countOps(),
                        learner.replayLimit(), learner.kernel());
            }
            case SBP -> new SbpModels(learner.sbp(), learner.predictionIntervalUs(), learner.countOps());
            default -> added.get(learner.algorithm()).apply(settings);
        };
    }

    private boolean runs(LearnerSettings.Algorithm algorithm) {
        return switch (algorithm) {
            case NACA, DRTP, DFA, SBP -> true;
            default -> added.containsKey(algorithm);
        };
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (LearnerSettings.Algorithm a : LearnerSettings.Algorithm.values()) {
            if (runs(a)) {
                ids.add(a.id());
            }
        }
        return ids;
    }
}
