package io.nacastream.learner.naca;

import io.nacastream.learner.health.NetworkHealth;

import java.util.ArrayList;
import java.util.List;

/** The {@link NetworkHealth} of a NACA network: each weight layer against its 1/sqrt(fan-in) initialisation bound. */
public final class NacaHealth {

    private NacaHealth() {
    }

    /** Measures {@code learner}'s network and stream states. */
    public static NetworkHealth of(NacaLearner learner) {
        return of(learner.network(), learner.nonFinitePotentials());
    }

    /** Measures the weights of {@code net}; {@code nonFiniteState} is carried as is. */
    public static NetworkHealth of(NacaNetwork net, long nonFiniteState) {
        List<NetworkHealth.Layer> layers = new ArrayList<>(net.w.length);
        for (float[][] layer : net.w) {
            layers.add(NetworkHealth.Layer.of(layer, 1 / Math.sqrt(layer.length)));
        }
        return new NetworkHealth(layers, nonFiniteState);
    }
}
