package io.nacastream.learner.naca;

import io.nacastream.learner.readout.RidgeReadout;
import io.nacastream.learner.rule.ModulationTable;

import java.util.SplittableRandom;

/**
 * The learned and the fixed parameters of a NACA network: weight layers {@code w[l][pre][post]} (one contiguous
 * column per presynaptic unit, the layout C2 vectorizes) and, per hidden layer, the fixed modulation table
 * Mod[c][j] and its copy scaled by η_h (so the hidden update is a single add per weight); with the RIDGE readout,
 * the readout on the last hidden layer (the output weight layer is then kept but not run).
 */
public final class NacaNetwork {

    final NacaConfig config;
    final float[][][] w;
    final ModulationTable[] modulation;
    final float[][][] gain;
    final RidgeReadout readout;

    /** Fresh weights, uniform ±1/sqrt(fan-in) as PyTorch's Linear, and tables drawn from the config's seed. */
    public NacaNetwork(NacaConfig config) {
        this.config = config;
        int layers = config.hiddenLayers() + 1;
        SplittableRandom random = new SplittableRandom(config.seed());
        w = new float[layers][][];
        for (int l = 0; l < layers; l++) {
            w[l] = uniform(random, config.preSize(l), config.postSize(l), 1 / Math.sqrt(config.preSize(l)));
        }
        modulation = new ModulationTable[config.hiddenLayers()];
        for (int l = 0; l < modulation.length; l++) {
            long tableSeed = random.nextLong();
            modulation[l] = config.hiddenRule() == NacaConfig.HiddenRule.NACA
                    ? ModulationTable.generate(config.classes(), config.postSize(l), config.lambda(),
                            config.thetaMax(), tableSeed)
                    : ModulationTable.randomProjection(config.classes(), config.postSize(l), tableSeed);
        }
        gain = scaledGains(config, modulation);
        readout = freshReadout(config);
    }

    /** A network with the given weights and tables and a fresh readout (if the config has one). */
    public NacaNetwork(NacaConfig config, float[][][] weights, ModulationTable[] tables) {
        this(config, weights, tables, freshReadout(config));
    }

    /**
     * A network with the given weights, tables and readout (restoring a checkpoint; readout null unless the config
     * has the RIDGE readout); shapes are checked.
     */
    public NacaNetwork(NacaConfig config, float[][][] weights, ModulationTable[] tables, RidgeReadout readout) {
        this.config = config;
        if ((readout != null) != config.ridgeReadout() || readout != null
                && (readout.features() != config.postSize(config.hiddenLayers() - 1)
                || readout.classes() != config.classes())) {
            throw new IllegalArgumentException("the readout does not fit the config (" + config.readout() + ")");
        }
        this.readout = readout;
        if (weights.length != config.hiddenLayers() + 1 || tables.length != config.hiddenLayers()) {
            throw new IllegalArgumentException("expected " + (config.hiddenLayers() + 1) + " weight layers and "
                    + config.hiddenLayers() + " tables");
        }
        for (int l = 0; l < weights.length; l++) {
            if (weights[l].length != config.preSize(l)) {
                throw new IllegalArgumentException("layer " + l + " has " + weights[l].length + " rows, expected "
                        + config.preSize(l));
            }
            for (float[] col : weights[l]) {
                if (col.length != config.postSize(l)) {
                    throw new IllegalArgumentException("layer " + l + " has a column of " + col.length
                            + " weights, expected " + config.postSize(l));
                }
            }
        }
        for (int l = 0; l < tables.length; l++) {
            if (tables[l].classes() != config.classes() || tables[l].units() != config.postSize(l)) {
                throw new IllegalArgumentException("table " + l + " is " + tables[l].classes() + "x"
                        + tables[l].units() + ", expected " + config.classes() + "x" + config.postSize(l));
            }
        }
        this.w = weights;
        this.modulation = tables;
        this.gain = scaledGains(config, tables);
    }

    private static RidgeReadout freshReadout(NacaConfig config) {
        return config.ridgeReadout()
                ? new RidgeReadout(config.postSize(config.hiddenLayers() - 1), config.classes(), config.readoutRidge())
                : null;
    }

    private static float[][][] scaledGains(NacaConfig config, ModulationTable[] tables) {
        float[][][] g = new float[tables.length][config.classes()][];
        for (int l = 0; l < tables.length; l++) {
            for (int c = 0; c < config.classes(); c++) {
                float[] row = tables[l].forClass(c).clone();
                for (int j = 0; j < row.length; j++) {
                    row[j] *= config.etaHidden();
                }
                g[l][c] = row;
            }
        }
        return g;
    }

    private static float[][] uniform(SplittableRandom random, int rows, int cols, double bound) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) random.nextDouble(-bound, bound);
            }
        }
        return m;
    }

    /**
     * A copy of the learned parameters (weights and readout; the fixed tables are shared), independent of this
     * network from now on: a snapshot a checkpoint can be encoded from on another thread.
     */
    public NacaNetwork copy() {
        float[][][] wc = new float[w.length][][];
        for (int l = 0; l < w.length; l++) {
            wc[l] = weights(l);
        }
        return new NacaNetwork(config, wc, modulation, readout == null ? null : readout.copy());
    }

    /** The configuration. */
    public NacaConfig config() {
        return config;
    }

    /** Number of weight layers (hidden layers + 1). */
    public int layers() {
        return w.length;
    }

    /** Weight from presynaptic unit {@code pre} to postsynaptic unit {@code post} of weight layer {@code l}. */
    public float weight(int l, int pre, int post) {
        return w[l][pre][post];
    }

    /** Sets one weight; for tests that need hand-computable states. */
    public void setWeight(int l, int pre, int post, float value) {
        w[l][pre][post] = value;
    }

    /** A copy of weight layer {@code l} as [pre][post]. */
    public float[][] weights(int l) {
        float[][] copy = new float[w[l].length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = w[l][i].clone();
        }
        return copy;
    }

    /** The ridge readout (live), or null with the SPIKES readout. */
    public RidgeReadout readout() {
        return readout;
    }

    /** The fixed modulation table of hidden layer {@code l} (0-based). */
    public ModulationTable modulation(int l) {
        return modulation[l];
    }
}
