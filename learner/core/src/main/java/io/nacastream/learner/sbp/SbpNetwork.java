package io.nacastream.learner.sbp;

import io.nacastream.learner.StateBytes;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.health.NetworkHealth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The weights of an SBP network ({@code w[l][pre][post]}, biases {@code b[l][post]}) and its two phases (naca.md
 * §3.1), with preallocated scratch so neither phase allocates. The free phase settles the hidden layers (sig2) and
 * the output (ReLU) from rest: one feedforward sweep, then relaxation sweeps h ← sig2(h - ε(h - (bottom-up + top-down
 * through Wᵀ) - b)), the output without top-down input. The clamped phase continues from the free state with the
 * output weakly nudged towards the target by β, then the contrastive base change ΔW = pre·(post_clamped -
 * post_free)/β is rescaled by the configured SBP variant, layer by layer from the output down (SBP(bp) reads the
 * layer above's change), and applied with rate α. Sweeps update the layers in order, input side first.
 */
public final class SbpNetwork {

    /** Cost per unit of clearing a state before the free phase, or of zeroing a column sum. */
    private static final Ops CLEAR = Ops.NONE.stateWrites(1);
    /** Cost per unit of keeping the free state for the base change. */
    private static final Ops COPY = Ops.NONE.stateReads(1).stateWrites(1);
    /** Cost per touched input of its activity x_i = c_i / max c. */
    private static final Ops INPUT = Ops.NONE.macs(1).stateReads(1).stateWrites(1);
    /** Cost of 1 / max c (and of 1 / β). */
    private static final Ops INVERSE = Ops.NONE.exps(1).compares(1);

    private final SbpConfig config;
    private final float[][][] w;
    private final float[][] b;
    private final float[][] net;
    private final float[][] h;
    private final float[][] free;
    private final float[][] d;
    private final float[][] colMinus;
    private final float[][] rPlus;
    private final float[][] rMinus;
    private final float[] rowPlus;
    private final float[] rowMinus;
    private final float[] sPlus;
    private final float[] sMinus;
    private final float[] x;
    private final float[] tPlus;
    private final float[] tMinus;

    /** Fresh weights, uniform ±1/sqrt(fan-in) as NACA's (PyTorch's Linear), biases 0, drawn from the seed. */
    public SbpNetwork(SbpConfig config) {
        this(config, random(config), new float[config.layers()][]);
    }

    private SbpNetwork(SbpConfig config, float[][][] weights, float[][] biases) {
        this.config = config;
        int layers = config.layers();
        w = weights;
        b = biases;
        net = new float[layers][];
        h = new float[layers][];
        free = new float[layers][];
        d = new float[layers][];
        colMinus = new float[layers][];
        rPlus = new float[layers][];
        rMinus = new float[layers][];
        int maxPre = 0;
        int maxPost = 0;
        for (int l = 0; l < layers; l++) {
            int post = config.postSize(l);
            if (b[l] == null) {
                b[l] = new float[post];
            }
            net[l] = new float[post];
            h[l] = new float[post];
            free[l] = new float[post];
            d[l] = new float[post];
            colMinus[l] = new float[post];
            rPlus[l] = new float[config.preSize(l)];
            rMinus[l] = new float[config.preSize(l)];
            maxPre = Math.max(maxPre, config.preSize(l));
            maxPost = Math.max(maxPost, post);
        }
        rowPlus = new float[maxPre];
        rowMinus = new float[maxPre];
        sPlus = new float[maxPre];
        sMinus = new float[maxPre];
        x = new float[config.inputs()];
        tPlus = new float[maxPost];
        tMinus = new float[maxPost];
    }

    private static float[][][] random(SbpConfig config) {
        SplittableRandom random = new SplittableRandom(config.seed());
        float[][][] w = new float[config.layers()][][];
        for (int l = 0; l < w.length; l++) {
            double bound = 1 / Math.sqrt(config.preSize(l));
            w[l] = new float[config.preSize(l)][config.postSize(l)];
            for (float[] row : w[l]) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = (float) random.nextDouble(-bound, bound);
                }
            }
        }
        return w;
    }

    /** The configuration. */
    public SbpConfig config() {
        return config;
    }

    /**
     * Each weight layer's health against its ±1/sqrt(fan-in) initialisation bound; non-finite biases and
     * {@code nonFiniteState} (the caller's stream state) count as non-finite state.
     */
    public NetworkHealth health(long nonFiniteState) {
        List<NetworkHealth.Layer> layers = new ArrayList<>(w.length);
        long bad = nonFiniteState;
        for (int l = 0; l < w.length; l++) {
            layers.add(NetworkHealth.Layer.of(w[l], 1 / Math.sqrt(config.preSize(l))));
            bad += NetworkHealth.nonFinite(b[l]);
        }
        return new NetworkHealth(layers, bad);
    }

    /** Weight from presynaptic unit {@code pre} to postsynaptic unit {@code post} of weight layer {@code l}. */
    public float weight(int l, int pre, int post) {
        return w[l][pre][post];
    }

    /** Sets one weight; for tests that need hand-computable states. */
    public void setWeight(int l, int pre, int post, float value) {
        w[l][pre][post] = value;
    }

    /** Bias of postsynaptic unit {@code post} of weight layer {@code l}. */
    public float bias(int l, int post) {
        return b[l][post];
    }

    /** The outgoing weights of input {@code input} (live: the stream's drive adds them). */
    float[] inputColumn(int input) {
        return w[0][input];
    }

    /** The state of the layer after weight layer {@code l} as the last phase left it (live; the output last). */
    float[] state(int l) {
        return h[l];
    }

    /** The output layer's state after the last phase (live). */
    float[] output() {
        return h[h.length - 1];
    }

    /**
     * The free phase on the pooled input {@code in}: from rest, a feedforward sweep and {@code freeIterations}
     * relaxation sweeps; counted as forward work.
     */
    void freePhase(PooledInput in, OpCounter counter) {
        for (int l = 0; l < h.length; l++) {
            Arrays.fill(h[l], 0f);
            counter.forward(l, CLEAR, h[l].length);
        }
        float inv = in.inverseMax();
        counter.forward(0, INVERSE, 1);
        sweep(in.drive, inv, 1f, false, -1, counter, false);
        for (int it = 0; it < config.freeIterations(); it++) {
            sweep(in.drive, inv, config.epsilon(), true, -1, counter, false);
        }
    }

    /**
     * Learns class {@code target} from the state the free phase just left on {@code in}: the clamped phase, the base
     * change, its SBP rescaling and the update, output layer first; counted as learning work.
     */
    void learn(PooledInput in, int target, OpCounter counter) {
        int top = h.length - 1;
        for (int l = 0; l <= top; l++) {
            System.arraycopy(h[l], 0, free[l], 0, h[l].length);
            counter.learning(l, COPY, h[l].length);
        }
        float inv = in.inverseMax();
        counter.learning(0, INVERSE, 1);
        for (int it = 0; it < config.clampedIterations(); it++) {
            sweep(in.drive, inv, config.epsilon(), true, target, counter, true);
        }
        float invBeta = 1f / config.beta();
        counter.learning(top, INVERSE, 1);
        for (int l = 0; l <= top; l++) {
            SbpRule.difference(d[l], h[l], free[l], invBeta);
            counter.learning(l, SbpRule.DIFFERENCE, d[l].length);
        }
        for (int i = 0; i < in.touchedCount; i++) {
            x[i] = in.counts[in.touched[i]] * inv;
        }
        counter.learning(0, INPUT, in.touchedCount);
        for (int l = top; l >= 0; l--) {
            learnLayer(l, in, counter);
        }
    }

    /** One relaxation sweep, input side first; {@code target} >= 0 nudges the output (clamped phase). */
    private void sweep(float[] drive, float inv, float eps, boolean feedback, int target, OpCounter counter,
                       boolean learning) {
        int top = h.length - 1;
        for (int l = 0; l <= top; l++) {
            int post = h[l].length;
            if (l == 0) {
                SbpRule.drive(net[0], drive, inv, b[0]);
                count(counter, learning, 0, SbpRule.DRIVE, post);
            } else {
                SbpRule.bias(net[l], b[l]);
                SbpRule.forward(net[l], h[l - 1], w[l]);
                count(counter, learning, l, SbpRule.BIAS, post);
                count(counter, learning, l, SbpRule.FORWARD, (long) h[l - 1].length * post);
                count(counter, learning, l, SbpRule.FORWARD_ROW, h[l - 1].length);
            }
            if (l < top) {
                if (feedback) {
                    SbpRule.feedback(net[l], w[l + 1], h[l + 1]);
                    count(counter, learning, l + 1, SbpRule.FEEDBACK, (long) post * h[l + 1].length);
                    count(counter, learning, l + 1, SbpRule.FEEDBACK_ROW, post);
                }
                SbpRule.relaxHidden(h[l], net[l], eps);
                count(counter, learning, l, SbpRule.RELAX_HIDDEN, post);
            } else {
                if (target >= 0) {
                    SbpRule.nudge(net[l], h[l], config.beta(), target);
                    count(counter, learning, l, SbpRule.NUDGE, post);
                }
                SbpRule.relaxOutput(h[l], net[l], eps);
                count(counter, learning, l, SbpRule.RELAX_OUTPUT, post);
            }
        }
    }

    private static void count(OpCounter counter, boolean learning, int layer, Ops perUnit, long units) {
        if (learning) {
            counter.learning(layer, perUnit, units);
        } else {
            counter.forward(layer, perUnit, units);
        }
    }

    /**
     * The rescaled base change of weight layer {@code l}. Rows are the touched inputs (layer 0: the others have
     * x_i = 0, so no change) or the units below, with the clamped state as presynaptic activity.
     */
    private void learnLayer(int l, PooledInput in, OpCounter counter) {
        int top = h.length - 1;
        int post = d[l].length;
        int rows = l == 0 ? in.touchedCount : h[l - 1].length;
        float[] pre = l == 0 ? x : h[l - 1];
        Arrays.fill(colMinus[l], 0f);
        counter.learning(l, CLEAR, post);
        for (int r = 0; r < rows; r++) {
            SbpRule.rowStats(pre[r], d[l], colMinus[l], rowPlus, rowMinus, r);
        }
        counter.learning(l, SbpRule.STATS, (long) rows * post);
        counter.learning(l, SbpRule.STATS_ROW, rows);

        float phi = config.fraction();
        float gPlus = SbpRule.gain(config.lambdaPre() * phi, SbpRule.absSum(rowPlus, rows));
        float gMinus = SbpRule.gain(config.lambdaPre() * phi, SbpRule.absSum(rowMinus, rows));
        float gPost = SbpRule.gain(config.lambdaPost() * phi, SbpRule.absSum(colMinus[l], post));
        counter.learning(l, SbpRule.ABS_SUM, 2L * rows + post);
        counter.learning(l, SbpRule.GAIN, 3);

        SbpConfig.Mix m = config.variant().mix(l < top);
        float a = config.rate(l);
        SbpRule.affine(sPlus, rows, a * m.prePlus(), a * m.prePlus() * gPlus, rowPlus);
        SbpRule.affine(sMinus, rows, a * m.preMinus(), a * m.preMinus() * gMinus, rowMinus);
        counter.learning(l, SbpRule.AFFINE, 2L * rows);
        if (l < top) {
            float gBpPlus = SbpRule.gain(config.lambdaBp() * phi, SbpRule.absSum(rPlus[l + 1], post));
            float gBpMinus = SbpRule.gain(config.lambdaBp() * phi, SbpRule.absSum(rMinus[l + 1], post));
            counter.learning(l, SbpRule.ABS_SUM, 2L * post);
            counter.learning(l, SbpRule.GAIN, 2);
            SbpRule.affine(tPlus, post, a * (m.bpPlus() + m.onePlus()), a * m.bpPlus() * gBpPlus, rPlus[l + 1]);
            SbpRule.affine2(tMinus, post, a * (m.postMinus() + m.bpMinus() + m.oneMinus()),
                    a * m.postMinus() * gPost, colMinus[l], a * m.bpMinus() * gBpMinus, rMinus[l + 1]);
            counter.learning(l, SbpRule.AFFINE, post);
            counter.learning(l, SbpRule.AFFINE2, post);
        } else {
            Arrays.fill(tPlus, 0, post, a * m.onePlus());
            SbpRule.affine(tMinus, post, a * (m.postMinus() + m.oneMinus()), a * m.postMinus() * gPost,
                    colMinus[l]);
            counter.learning(l, CLEAR, post);
            counter.learning(l, SbpRule.AFFINE, post);
        }
        if (l > 0) {
            SbpRule.preScaled(rPlus[l], rows, gPlus, rowPlus);
            SbpRule.preScaled(rMinus[l], rows, gMinus, rowMinus);
            counter.learning(l, SbpRule.PRE_SCALED, 2L * rows);
        }

        for (int r = 0; r < rows; r++) {
            float[] row = l == 0 ? w[0][in.touched[r]] : w[l][r];
            SbpRule.update(row, pre[r], d[l], sPlus[r], sMinus[r], tPlus, tMinus);
        }
        counter.learning(l, SbpRule.UPDATE, (long) rows * post);
        counter.learning(l, SbpRule.UPDATE_ROW, rows);
        SbpRule.biasStep(b[l], d[l], a);
        counter.learning(l, SbpRule.BIAS_STEP, post);
    }

    /** Writes the weights and biases, layer by layer. */
    void write(StateBytes.Writer out) {
        for (int l = 0; l < w.length; l++) {
            for (float[] row : w[l]) {
                out.putFloats(row);
            }
            out.putFloats(b[l]);
        }
    }

    /** A network of {@code config} with the weights and biases {@link #write} wrote. */
    static SbpNetwork read(SbpConfig config, StateBytes.Reader in) {
        float[][][] w = new float[config.layers()][][];
        float[][] b = new float[config.layers()][];
        for (int l = 0; l < w.length; l++) {
            w[l] = new float[config.preSize(l)][config.postSize(l)];
            for (float[] row : w[l]) {
                in.getFloats(row);
            }
            b[l] = new float[config.postSize(l)];
            in.getFloats(b[l]);
        }
        return new SbpNetwork(config, w, b);
    }
}
