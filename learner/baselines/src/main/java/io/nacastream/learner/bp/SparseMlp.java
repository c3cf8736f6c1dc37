package io.nacastream.learner.bp;

import io.nacastream.learner.Softmax;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.Ops;

import java.util.SplittableRandom;

/**
 * The backprop baseline's network: ReLU hidden layers and a softmax output, weights {@code w[l][pre][post]} (one
 * contiguous row per presynaptic unit), trained by cross-entropy. Event-driven like NACA where the math allows it:
 * the first layer adds only the rows of inputs with a non-zero value, later layers only the rows of hidden units with
 * a non-zero activation, and learning touches only those rows (their gradient is zero elsewhere). Counted as it runs
 * (docs/learner.md, "Energy"). One thread; the scratch arrays are reused across frames.
 */
final class SparseMlp {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    /** Cost per unit of starting a layer's sum from its bias. */
    static final Ops BIAS = Ops.NONE.weightReads(1).stateWrites(1);
    /** Cost per unit of adding a binary input's weight row. */
    static final Ops ADD_ROW = Ops.NONE.adds(1).weightReads(1).stateReads(1).stateWrites(1);
    /** Cost per unit of adding a weighted row (trace inputs, hidden activations). */
    static final Ops MAC_ROW = Ops.NONE.macs(1).weightReads(1).stateReads(1).stateWrites(1);
    /** Cost per hidden unit of the ReLU and the list of active units. */
    static final Ops RELU = Ops.NONE.compares(1).stateReads(1).stateWrites(2);
    /** Cost per class of the softmax: max, subtract, exp, sum, divide. */
    static final Ops SOFTMAX = Ops.NONE.compares(1).adds(2).exps(2).stateReads(3).stateWrites(2);
    /** Cost per class of the output error p - y. */
    static final Ops OUTPUT_ERROR = Ops.NONE.adds(1).stateReads(1).stateWrites(1);
    /** Cost per weight of propagating the error to an active unit below: Σ_k w[j][k]·δ_k. */
    static final Ops BACKPROP = Ops.NONE.macs(1).weightReads(1).stateReads(1);
    /** Cost per unit of the SGD factor η·δ. */
    static final Ops SGD_FACTOR = Ops.NONE.macs(1).stateReads(1).stateWrites(1);
    /** Cost per weight of an SGD step with a binary input: w -= η·δ. */
    static final Ops SGD_ADD = Ops.NONE.adds(1).weightReads(1).weightWrites(1).stateReads(1);
    /** Cost per weight of an SGD step with a weighted input: w -= x·η·δ. */
    static final Ops SGD_MAC = Ops.NONE.macs(1).weightReads(1).weightWrites(1).stateReads(2);
    /** Cost per weight of an Adam step: gradient, both moments, sqrt, divide, step; weight and moments r/w. */
    static final Ops ADAM = Ops.NONE.macs(6).adds(1).exps(2).weightReads(3).weightWrites(3).stateReads(2);
    /** Cost of Adam's bias-corrected step size (two powers, a square root and a divide). */
    static final Ops ADAM_STEP = Ops.NONE.exps(4).adds(2).macs(1);
    /** Cost per weight of accumulating the empirical Fisher: F += g². */
    static final Ops FISHER = Ops.NONE.macs(2).weightReads(1).weightWrites(1).stateReads(2);
    /** Cost per weight of EWC's proximal step, every weight: w = w* + (w - w*)·s. */
    static final Ops PROXIMAL = Ops.NONE.adds(1).macs(1).weightReads(3).weightWrites(1);

    private final BackpropConfig config;
    private final OpCounter counter;
    final float[][][] w;
    final float[][] b;
    private final float[][][] m;
    private final float[][][] v;
    private final float[][] mb;
    private final float[][] vb;
    private long steps;
    // EWC (null without)
    private final float[][][] fisher;
    private final float[][][] fisherStar;
    private final float[][][] anchor;
    private final float[][][] proximal;
    private final float[][] fisherB;
    private final float[][] fisherStarB;
    private final float[][] anchorB;
    private final float[][] proximalB;
    private long fisherFrames;
    // scratch: activations per layer (after ReLU), their active lists, errors, the output probabilities
    private final float[][] a;
    private final int[][] active;
    private final int[] activeCount;
    private final float[][] delta;
    private final float[] factor;

    SparseMlp(BackpropConfig config, OpCounter counter) {
        this.config = config;
        this.counter = counter;
        int layers = config.hiddenSizes().size() + 1;
        SplittableRandom random = new SplittableRandom(config.seed());
        w = new float[layers][][];
        b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int pre = config.preSize(l);
            int post = config.postSize(l);
            double bound = 1 / Math.sqrt(pre);
            w[l] = new float[pre][post];
            for (float[] row : w[l]) {
                for (int k = 0; k < post; k++) {
                    row[k] = (float) random.nextDouble(-bound, bound);
                }
            }
            b[l] = new float[post];
        }
        boolean adam = config.optimiser() == BackpropConfig.Optimiser.ADAM;
        m = adam ? zeros(w) : null;
        v = adam ? zeros(w) : null;
        mb = adam ? zeros(b) : null;
        vb = adam ? zeros(b) : null;
        boolean ewc = config.ewcLambda() > 0;
        fisher = ewc ? zeros(w) : null;
        fisherStar = ewc ? zeros(w) : null;
        anchor = ewc ? copy(w) : null;
        proximal = ewc ? ones(w) : null;
        fisherB = ewc ? zeros(b) : null;
        fisherStarB = ewc ? zeros(b) : null;
        anchorB = ewc ? copy(b) : null;
        proximalB = ewc ? ones(b) : null;
        a = new float[layers + 1][];
        active = new int[layers][];
        activeCount = new int[layers];
        delta = new float[layers][];
        for (int l = 0; l < layers; l++) {
            a[l + 1] = new float[config.postSize(l)];
            delta[l] = new float[config.postSize(l)];
            active[l] = new int[config.preSize(l)];
        }
        factor = new float[maxPost(config)];
    }

    private static int maxPost(BackpropConfig c) {
        int n = 0;
        for (int l = 0; l <= c.hiddenSizes().size(); l++) {
            n = Math.max(n, c.postSize(l));
        }
        return n;
    }

    /** The class probabilities of {@code in}'s current input vector (the returned array is reused). */
    float[] forward(FrameInput in) {
        int layers = w.length;
        for (int l = 0; l < layers; l++) {
            float[] out = a[l + 1];
            int n = out.length;
            System.arraycopy(b[l], 0, out, 0, n);
            counter.forward(l, BIAS, n);
            if (l == 0) {
                activeCount[0] = in.liveCount;
                System.arraycopy(in.live, 0, active[0], 0, in.liveCount);
                boolean binary = in.binary();
                for (int i = 0; i < in.liveCount; i++) {
                    int pre = in.live[i];
                    addRow(out, w[0][pre], binary ? 1f : in.x[pre], binary);
                }
                counter.forward(0, binary ? ADD_ROW : MAC_ROW, (long) in.liveCount * n);
            } else {
                float[] below = a[l];
                for (int i = 0; i < activeCount[l]; i++) {
                    int j = active[l][i];
                    addRow(out, w[l][j], below[j], false);
                }
                counter.forward(l, MAC_ROW, (long) activeCount[l] * n);
            }
            if (l < layers - 1) {
                int c = 0;
                int[] list = active[l + 1];
                for (int k = 0; k < n; k++) {
                    if (out[k] > 0f) {
                        list[c++] = k;
                    } else {
                        out[k] = 0f;
                    }
                }
                activeCount[l + 1] = c;
                counter.forward(l, RELU, n);
            } else {
                Softmax.inPlace(out);
                counter.forward(l, SOFTMAX, n);
            }
        }
        return a[layers];
    }

    private static void addRow(float[] out, float[] row, float x, boolean binary) {
        if (binary) {
            for (int k = 0; k < out.length; k++) {
                out[k] += row[k];
            }
        } else {
            for (int k = 0; k < out.length; k++) {
                out[k] += x * row[k];
            }
        }
    }

    /** One learning step towards class {@code cls} on the frame just passed through {@link #forward}. */
    void learn(FrameInput in, int cls) {
        int layers = w.length;
        float[] p = a[layers];
        float[] d = delta[layers - 1];
        for (int k = 0; k < d.length; k++) {
            d[k] = p[k] - (k == cls ? 1f : 0f);
        }
        counter.learning(layers - 1, OUTPUT_ERROR, d.length);
        if (m != null) {
            steps++;
            counter.learning(layers - 1, ADAM_STEP, 1);
        }
        for (int l = layers - 1; l >= 0; l--) {
            float[] dl = delta[l];
            int n = dl.length;
            if (l > 0) {   // error to the active units below, before this layer's weights move
                float[] below = delta[l - 1];
                java.util.Arrays.fill(below, 0f);
                for (int i = 0; i < activeCount[l]; i++) {
                    int j = active[l][i];
                    float[] row = w[l][j];
                    float s = 0;
                    for (int k = 0; k < n; k++) {
                        s += row[k] * dl[k];
                    }
                    below[j] = s;   // ReLU' = 1 on active units, 0 elsewhere
                }
                counter.learning(l, BACKPROP, (long) activeCount[l] * n);
            }
            boolean binary = l == 0 && in.binary();
            float[] x = l == 0 ? in.x : a[l];
            step(l, x, binary, dl);
        }
        if (fisher != null) {
            fisherFrames++;
            proximalStep();
        }
    }

    /** Moves the rows of the active units of layer l (and the bias) along -δ·x. */
    private void step(int l, float[] x, boolean binary, float[] dl) {
        int n = dl.length;
        int rows = activeCount[l];
        int[] list = active[l];
        if (m == null) {
            float lr = config.learningRate();
            for (int k = 0; k < n; k++) {
                factor[k] = lr * dl[k];
            }
            counter.learning(l, SGD_FACTOR, n);
            for (int i = 0; i < rows; i++) {
                int j = list[i];
                float[] row = w[l][j];
                float xj = binary ? 1f : x[j];
                for (int k = 0; k < n; k++) {
                    row[k] -= xj * factor[k];
                }
            }
            counter.learning(l, binary ? SGD_ADD : SGD_MAC, (long) rows * n);
            for (int k = 0; k < n; k++) {
                b[l][k] -= factor[k];
            }
            counter.learning(l, SGD_ADD, n);
        } else {
            float lrT = (float) (config.learningRate() * Math.sqrt(1 - Math.pow(BETA2, steps))
                    / (1 - Math.pow(BETA1, steps)));
            for (int i = 0; i < rows; i++) {
                int j = list[i];
                adam(w[l][j], m[l][j], v[l][j], binary ? 1f : x[j], dl, lrT);
            }
            adam(b[l], mb[l], vb[l], 1f, dl, lrT);
            counter.learning(l, ADAM, (long) rows * n + n);
        }
        if (fisher != null) {
            for (int i = 0; i < rows; i++) {
                int j = list[i];
                float xj = binary ? 1f : x[j];
                float[] f = fisher[l][j];
                for (int k = 0; k < n; k++) {
                    float g = xj * dl[k];
                    f[k] += g * g;
                }
            }
            for (int k = 0; k < n; k++) {
                fisherB[l][k] += dl[k] * dl[k];
            }
            counter.learning(l, FISHER, (long) rows * n + n);
        }
    }

    private static void adam(float[] w, float[] m, float[] v, float x, float[] d, float lrT) {
        for (int k = 0; k < w.length; k++) {
            float g = x * d[k];
            m[k] = BETA1 * m[k] + (1 - BETA1) * g;
            v[k] = BETA2 * v[k] + (1 - BETA2) * g * g;
            w[k] -= lrT * m[k] / ((float) Math.sqrt(v[k]) + EPSILON);
        }
    }

    /** EWC's proximal step on every weight: θ ← θ* + (θ - θ*)/(1 + η·λ·F), the factor precomputed. */
    private void proximalStep() {
        for (int l = 0; l < w.length; l++) {
            for (int j = 0; j < w[l].length; j++) {
                float[] row = w[l][j];
                float[] an = anchor[l][j];
                float[] s = proximal[l][j];
                for (int k = 0; k < row.length; k++) {
                    row[k] = an[k] + (row[k] - an[k]) * s[k];
                }
            }
            for (int k = 0; k < b[l].length; k++) {
                b[l][k] = anchorB[l][k] + (b[l][k] - anchorB[l][k]) * proximalB[l][k];
            }
            counter.learning(l, PROXIMAL, (long) w[l].length * b[l].length + b[l].length);
        }
    }

    /** See {@link BackpropLearner#consolidate()}. */
    void consolidate() {
        if (fisher == null || fisherFrames == 0) {
            return;
        }
        float scale = config.learningRate() * config.ewcLambda();
        for (int l = 0; l < w.length; l++) {
            for (int j = 0; j < w[l].length; j++) {
                consolidateRow(fisher[l][j], fisherStar[l][j], anchor[l][j], proximal[l][j], w[l][j], scale);
            }
            consolidateRow(fisherB[l], fisherStarB[l], anchorB[l], proximalB[l], b[l], scale);
        }
        fisherFrames = 0;
    }

    private void consolidateRow(float[] f, float[] star, float[] an, float[] prox, float[] row, float scale) {
        for (int k = 0; k < row.length; k++) {
            star[k] += f[k] / fisherFrames;
            f[k] = 0f;
            an[k] = row[k];
            prox[k] = 1f / (1f + scale * star[k]);
        }
    }

    private static float[][][] zeros(float[][][] like) {
        float[][][] z = new float[like.length][][];
        for (int l = 0; l < like.length; l++) {
            z[l] = new float[like[l].length][like[l][0].length];
        }
        return z;
    }

    private static float[][] zeros(float[][] like) {
        float[][] z = new float[like.length][];
        for (int l = 0; l < like.length; l++) {
            z[l] = new float[like[l].length];
        }
        return z;
    }

    private static float[][][] ones(float[][][] like) {
        float[][][] o = zeros(like);
        for (float[][] layer : o) {
            for (float[] row : layer) {
                java.util.Arrays.fill(row, 1f);
            }
        }
        return o;
    }

    private static float[][] ones(float[][] like) {
        float[][] o = zeros(like);
        for (float[] row : o) {
            java.util.Arrays.fill(row, 1f);
        }
        return o;
    }

    private static float[][][] copy(float[][][] src) {
        float[][][] c = new float[src.length][][];
        for (int l = 0; l < src.length; l++) {
            c[l] = new float[src[l].length][];
            for (int j = 0; j < src[l].length; j++) {
                c[l][j] = src[l][j].clone();
            }
        }
        return c;
    }

    private static float[][] copy(float[][] src) {
        float[][] c = new float[src.length][];
        for (int l = 0; l < src.length; l++) {
            c[l] = src[l].clone();
        }
        return c;
    }
}
