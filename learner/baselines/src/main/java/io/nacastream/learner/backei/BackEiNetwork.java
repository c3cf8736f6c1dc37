package io.nacastream.learner.backei;

import io.nacastream.learner.Softmax;
import io.nacastream.learner.StateBytes;
import io.nacastream.learner.bp.FrameInput;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.health.NetworkHealth;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The BackEISNN network's weights, its per-frame forward step and its truncated BPTT with Adam. Hidden layer l, per
 * step t, as BrainCog's {@code BackEINode} computes it (docs/learner.md, "BackEISNN"): I = Wᵀx + b; gain
 * q = σ(K_backᵀ s_{t-1} + c_back); V' = 0.2·V + q ⊙ I; gate a = K_eiᵀ V' + c_ei; z = H(V' - 0.5); V = V'(1 - z);
 * s = sign(a) ⊙ z. The output layer integrates without firing, V' = 0.2·V + I (no threshold, no reset), and the
 * loss is the cross-entropy of the softmax of its membrane's mean over the window (a departure from BrainCog's
 * spiking output and MSE on spike rates, see docs/learner.md). Weights are [pre][post], flat. The forward step runs in plain Java on the sparse (ternary) spikes; the backward pass keeps its time
 * recursion in Java and does its batched products (weight gradients over the window, errors to the layer below) with
 * ND4J, once per window, never per event. Not thread-safe.
 */
final class BackEiNetwork {

    /** Cost per unit of starting a current or gate at its bias. */
    static final Ops BIAS = Ops.NONE.weightReads(1).stateWrites(1);
    /** Cost per presynaptic unit of checking whether it spiked (hidden inputs and the gain's previous spikes). */
    static final Ops SCAN = Ops.NONE.compares(1).stateReads(1);
    /** Cost per synapse of adding (or subtracting) a spiking unit's weight. */
    static final Ops ADD_ROW = Ops.NONE.adds(1).weightReads(1).stateReads(1).stateWrites(1);
    /** Cost per synapse of the E/I gate's product with the analog membrane. */
    static final Ops MAC_ROW = Ops.NONE.macs(1).weightReads(1).stateReads(2).stateWrites(1);
    /** Cost per hidden unit of the gain σ(u): an exponential, an add and a divide. */
    static final Ops SIGMOID = Ops.NONE.adds(1).exps(2).stateReads(1).stateWrites(1);
    /** Cost per hidden unit of V' = 0.2·V + q·I. */
    static final Ops MEMBRANE_GATED = Ops.NONE.macs(2).stateReads(3).stateWrites(1);
    /** Cost per output unit of V' = 0.2·V + I. */
    static final Ops MEMBRANE = Ops.NONE.macs(1).stateReads(2).stateWrites(1);
    /** Cost per hidden unit of the E/I sign (two compares). */
    static final Ops SIGN = Ops.NONE.compares(2).stateReads(1).stateWrites(1);
    /** Cost per hidden unit of the threshold, the reset and the signed spike. */
    static final Ops FIRE = Ops.NONE.compares(1).macs(1).stateReads(2).stateWrites(2);
    /** Cost per hidden unit and step of storing the history (I, q, V', a, z, s) for BPTT. */
    static final Ops STORE_HIDDEN = Ops.NONE.stateWrites(6);
    /** Cost per output unit and step of storing the history (I, V'). */
    static final Ops STORE_OUTPUT = Ops.NONE.stateWrites(2);
    /** Cost per class and step of the readout's mean of the output membrane over the window. */
    static final Ops MEAN = Ops.NONE.adds(1).stateReads(1);
    /** Cost per class of the softmax of the mean (max, subtract, exp, sum, divide) and its gradient (p - y)/T. */
    static final Ops SOFTMAX_GRAD = Ops.NONE.compares(1).adds(3).exps(2).macs(1).stateReads(3).stateWrites(2);
    /** Cost per hidden unit and step of the elementwise backward step (sign, spike, reset, gain, membrane). */
    static final Ops BACK_HIDDEN = Ops.NONE.adds(4).macs(10).compares(4).stateReads(9).stateWrites(4);
    /** Cost per output unit and step of the elementwise backward step (the decay's carried gradient). */
    static final Ops BACK_OUTPUT = Ops.NONE.adds(1).macs(1).stateReads(2).stateWrites(2);
    /** Cost per synapse and step of an error through a gate kernel (K_ei·da, K_back·du). */
    static final Ops BACK_KERNEL = Ops.NONE.macs(1).weightReads(1).stateReads(1);
    /** Cost per synapse and step of a batched weight-gradient product (input times error, summed over the window). */
    static final Ops GRAD_PRODUCT = Ops.NONE.macs(1).stateReads(2);
    /** Cost per synapse and step of the batched error to the layer below (dI·Wᵀ). */
    static final Ops BACK_PRODUCT = Ops.NONE.macs(1).weightReads(1).stateReads(1);
    /** Cost per unit and step of a bias gradient (sum over the window) or a dense history matrix entry written. */
    static final Ops SUM = Ops.NONE.adds(1).stateReads(1);
    /** Cost per matrix entry of laying out the window's history for the batched products. */
    static final Ops LAYOUT = Ops.NONE.stateReads(1).stateWrites(1);
    /** Cost per parameter of an Adam step: both moments, square root, divide, step; parameter and moments r/w. */
    static final Ops ADAM = Ops.NONE.macs(6).adds(1).exps(2).weightReads(3).weightWrites(3).stateReads(1);
    /** Cost of Adam's bias-corrected step size (two powers, a square root and a divide). */
    static final Ops ADAM_STEP = Ops.NONE.exps(4).adds(2).macs(1);

    private final BackEiConfig config;
    private final Spike spike;
    private final OpCounter counter;
    private final int hidden;
    /** [layer] flat [pre][post]; biases [layer][post]; gate kernels [hidden layer] flat [post][post]. */
    final float[][] w;
    final float[][] b;
    final float[][] kBack;
    final float[][] cBack;
    final float[][] kEi;
    final float[][] cEi;
    /** Every parameter tensor, its gradient and Adam moments, in one order (also the checkpoint's). */
    private final List<float[]> params = new ArrayList<>();
    private final List<float[]> grads = new ArrayList<>();
    private final List<float[]> m = new ArrayList<>();
    private final List<float[]> v = new ArrayList<>();
    private long steps;
    private final float[][] currentScratch;
    private final float[] gainScratch;
    private final float[] gateScratch;
    private final float[] potential;

    BackEiNetwork(BackEiConfig config, Spike spike, OpCounter counter) {
        this.config = config;
        this.spike = spike;
        this.counter = counter;
        this.hidden = config.hiddenSizes().size();
        int layers = config.layers();
        SplittableRandom random = new SplittableRandom(config.seed());
        w = new float[layers][];
        b = new float[layers][];
        kBack = new float[hidden][];
        cBack = new float[hidden][];
        kEi = new float[hidden][];
        cEi = new float[hidden][];
        for (int l = 0; l < layers; l++) {
            int pre = config.preSize(l);
            int post = config.postSize(l);
            w[l] = uniform(random, pre * post, pre);
            b[l] = uniform(random, post, pre);
            add(w[l]);
            add(b[l]);
            if (l < hidden) {
                kBack[l] = uniform(random, post * post, post);
                cBack[l] = uniform(random, post, post);
                kEi[l] = uniform(random, post * post, post);
                cEi[l] = uniform(random, post, post);
                add(kBack[l]);
                add(cBack[l]);
                add(kEi[l]);
                add(cEi[l]);
            }
        }
        int widest = 0;
        currentScratch = new float[layers][];
        for (int l = 0; l < layers; l++) {
            widest = Math.max(widest, config.postSize(l));
            currentScratch[l] = new float[config.postSize(l)];
        }
        gainScratch = new float[widest];
        gateScratch = new float[widest];
        potential = new float[config.classes()];
    }

    /**
     * Each weight layer's health against its ±1/sqrt(fan-in) initialisation bound; non-finite biases, gate
     * parameters and {@code nonFiniteState} (the caller's stream state) count as non-finite state.
     */
    NetworkHealth health(long nonFiniteState) {
        List<NetworkHealth.Layer> layers = new ArrayList<>(w.length);
        long bad = nonFiniteState;
        for (int l = 0; l < w.length; l++) {
            layers.add(NetworkHealth.Layer.of(new float[][] {w[l]}, 1 / Math.sqrt(config.preSize(l))));
            bad += NetworkHealth.nonFinite(b[l]);
        }
        for (float[][] gate : new float[][][] {kBack, cBack, kEi, cEi}) {
            for (float[] p : gate) {
                bad += NetworkHealth.nonFinite(p);
            }
        }
        return new NetworkHealth(layers, bad);
    }

    /** PyTorch's default init of Linear and Conv2d: U(±1/sqrt(fan-in)) for weights and biases. */
    private static float[] uniform(SplittableRandom random, int n, int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextDouble(-bound, bound);
        }
        return a;
    }

    private void add(float[] p) {
        params.add(p);
        grads.add(new float[p.length]);
        m.add(new float[p.length]);
        v.add(new float[p.length]);
    }

    /**
     * One time step on {@code in}'s last closed frame, from {@code st} (updated); records the step into {@code h}
     * when not null (learning). Returns the output layer's membrane (the class scores of this step).
     */
    float[] step(FrameInput in, NeuronState st, Window h) {
        int t = -1;
        if (h != null) {
            t = h.size++;
            h.inputCount[t] = in.liveCount();
            for (int i = 0; i < in.liveCount(); i++) {
                h.inputs[t][i] = in.live(i);
            }
            counter.forward(0, LAYOUT, in.liveCount());
            if (t == 0) {
                for (int l = 0; l < hidden; l++) {
                    System.arraycopy(st.s[l], 0, h.sStart[l], 0, st.s[l].length);
                    counter.forward(l, LAYOUT, st.s[l].length);
                }
            }
        }
        for (int l = 0; l <= hidden; l++) {
            int post = config.postSize(l);
            float[] current = h != null ? h.current[l][t] : currentScratch[l];
            System.arraycopy(b[l], 0, current, 0, post);
            counter.forward(l, BIAS, post);
            if (l == 0) {
                for (int i = 0; i < in.liveCount(); i++) {
                    addRow(current, w[0], in.live(i), 1f);
                }
                counter.forward(0, ADD_ROW, (long) in.liveCount() * post);
            } else {
                addSpikes(l, current, w[l], st.s[l - 1]);
            }
            float[] v = st.v[l];
            if (l < hidden) {
                float[] s = st.s[l];
                float[] q = h != null ? h.gain[l][t] : gainScratch;
                System.arraycopy(cBack[l], 0, q, 0, post);
                counter.forward(l, BIAS, post);
                addSpikes(l, q, kBack[l], s);
                for (int k = 0; k < post; k++) {
                    q[k] = (float) (1 / (1 + Math.exp(-q[k])));
                    v[k] = BackEiConfig.DECAY * v[k] + q[k] * current[k];
                }
                counter.forward(l, SIGMOID.plus(MEMBRANE_GATED), post);
                float[] a = h != null ? h.gate[l][t] : gateScratch;
                System.arraycopy(cEi[l], 0, a, 0, post);
                counter.forward(l, BIAS, post);
                for (int j = 0; j < post; j++) {
                    addRow(a, kEi[l], j, v[j]);
                }
                counter.forward(l, MAC_ROW, (long) post * post);
                if (h != null) {
                    System.arraycopy(v, 0, h.vpre[l][t], 0, post);
                }
                int fired = 0;
                for (int k = 0; k < post; k++) {
                    float z = spike.fire(v[k] - BackEiConfig.THRESHOLD);
                    fired += z > 0 ? 1 : 0;
                    s[k] = spike.sign(a[k]) * z;
                    if (h != null) {
                        h.z[l][t][k] = z;
                        h.s[l][t][k] = s[k];
                    }
                    v[k] *= 1 - z;
                }
                counter.forward(l, SIGN.plus(FIRE), post);
                counter.spikes(l, fired);
                counter.forward(l, h != null ? STORE_HIDDEN : Ops.NONE, post);
            } else {
                for (int k = 0; k < post; k++) {
                    v[k] = BackEiConfig.DECAY * v[k] + current[k];
                    potential[k] = v[k];
                }
                if (h != null) {
                    System.arraycopy(v, 0, h.vpre[l][t], 0, post);
                }
                counter.forward(l, MEMBRANE, post);
                counter.forward(l, h != null ? STORE_OUTPUT : Ops.NONE, post);
            }
        }
        return potential;
    }

    /** out += Σ_j x_j·row_j over the units j with x_j ≠ 0 (ternary spikes: adds and subtracts), counted in layer l. */
    private void addSpikes(int l, float[] out, float[] weights, float[] x) {
        int active = 0;
        for (int j = 0; j < x.length; j++) {
            if (x[j] != 0f) {
                addRow(out, weights, j, x[j]);
                active++;
            }
        }
        counter.forward(l, SCAN, x.length);
        counter.forward(l, ADD_ROW, (long) active * out.length);
    }

    private static void addRow(float[] out, float[] weights, int row, float x) {
        int n = out.length;
        int base = row * n;
        for (int k = 0; k < n; k++) {
            out[k] += x * weights[base + k];
        }
    }

    /** The loss of window {@code h} towards class {@code cls}: cross-entropy of the softmax of the mean membrane. */
    float loss(Window h, int cls) {
        return (float) -Math.log(probabilities(h)[cls]);
    }

    /** Softmax of the output membrane's mean over the window. */
    private float[] probabilities(Window h) {
        float[] r = new float[config.classes()];
        for (int t = 0; t < h.size; t++) {
            for (int k = 0; k < r.length; k++) {
                r[k] += h.vpre[hidden][t][k];
            }
        }
        for (int k = 0; k < r.length; k++) {
            r[k] /= h.size;
        }
        Softmax.inPlace(r);
        return r;
    }

    /** Backpropagates the loss of window {@code h} through its steps and layers into the gradients (overwritten). */
    void backward(Window h, int cls) {
        int steps = h.size;
        int classes = config.classes();
        float[] p = probabilities(h);
        counter.learning(hidden, MEAN, (long) steps * classes);
        float[][] ds = new float[steps][classes];
        for (int k = 0; k < classes; k++) {
            float g = (p[k] - (k == cls ? 1f : 0f)) / steps;
            for (int t = 0; t < steps; t++) {
                ds[t][k] = g;
            }
        }
        counter.learning(hidden, SOFTMAX_GRAD, classes);
        int n = params.size();
        for (int l = hidden; l >= 0; l--) {
            int post = config.postSize(l);
            int pre = config.preSize(l);
            float[][] dI = new float[steps][post];
            float[][] dU = l < hidden ? new float[steps][post] : null;
            float[][] dA = l < hidden ? new float[steps][post] : null;
            timeRecursion(h, l, ds, dI, dU, dA);
            // batched over the window with ND4J: gradients of W, b (and the gate kernels), error to the layer below
            INDArray dIm = matrix(dI);
            INDArray x = matrix(inputMatrix(h, l, pre));
            counter.learning(l, LAYOUT, (long) steps * (pre + post));
            n -= l < hidden ? 6 : 2;
            flat(Nd4j.gemm(x, dIm, true, false), grads.get(n));
            columnSums(dI, grads.get(n + 1));
            counter.learning(l, GRAD_PRODUCT, (long) steps * pre * post);
            counter.learning(l, SUM, (long) steps * post);
            if (l < hidden) {
                INDArray sPrev = matrix(previousSpikes(h, l));
                flat(Nd4j.gemm(sPrev, matrix(dU), true, false), grads.get(n + 2));
                columnSums(dU, grads.get(n + 3));
                flat(Nd4j.gemm(matrix(Arrays.copyOf(h.vpre[l], steps)), matrix(dA), true, false),
                        grads.get(n + 4));
                columnSums(dA, grads.get(n + 5));
                counter.learning(l, LAYOUT, 2L * steps * post);
                counter.learning(l, GRAD_PRODUCT, 2L * steps * post * post);
                counter.learning(l, SUM, 2L * steps * post);
            }
            if (l > 0) {
                float[] below = new float[steps * pre];
                flat(Nd4j.gemm(dIm, Nd4j.create(w[l], new long[] {pre, post}, 'c'), false, true), below);
                ds = new float[steps][];
                for (int t = 0; t < steps; t++) {
                    ds[t] = Arrays.copyOfRange(below, t * pre, (t + 1) * pre);
                }
                counter.learning(l, BACK_PRODUCT, (long) steps * pre * post);
            }
        }
    }

    /**
     * Layer l's backward recursion from the window's last step to its first: dV carries ∂L/∂V_t (after reset) to
     * step t-1 through the decay; dsNext carries ∂L/∂s_{t-1} through the self-feedback kernel. {@code ds} is ∂L/∂s
     * from the layer above (for the output layer: ∂L/∂V' from the loss). Fills ∂L/∂I, ∂L/∂u (gain pre-activation)
     * and ∂L/∂a (gate) per step.
     */
    private void timeRecursion(Window h, int l, float[][] ds, float[][] dI, float[][] dU, float[][] dA) {
        int post = config.postSize(l);
        float[] dV = new float[post];
        float[] dsNext = new float[post];
        float[] dvp = new float[post];
        boolean gated = l < hidden;
        for (int t = h.size - 1; t >= 0; t--) {
            if (gated) {
                float[] vp = h.vpre[l][t];
                float[] z = h.z[l][t];
                for (int k = 0; k < post; k++) {
                    float dsk = ds[t][k] + dsNext[k];
                    float a = h.gate[l][t][k];
                    float dz = dsk * spike.sign(a);
                    dA[t][k] = dsk * z[k] * spike.signGrad(a);
                    dvp[k] = dV[k] * (1 - z[k])
                            + (dz - dV[k] * vp[k]) * spike.fireGrad(vp[k] - BackEiConfig.THRESHOLD);
                }
                float[] ke = kEi[l];
                for (int k = 0; k < post; k++) {
                    float sum = 0;
                    int base = k * post;
                    for (int j = 0; j < post; j++) {
                        sum += ke[base + j] * dA[t][j];
                    }
                    dvp[k] += sum;
                }
                float[] q = h.gain[l][t];
                float[] current = h.current[l][t];
                for (int k = 0; k < post; k++) {
                    dI[t][k] = dvp[k] * q[k];
                    dU[t][k] = dvp[k] * current[k] * q[k] * (1 - q[k]);
                }
                float[] kb = kBack[l];
                for (int i = 0; i < post; i++) {
                    float sum = 0;
                    int base = i * post;
                    for (int j = 0; j < post; j++) {
                        sum += kb[base + j] * dU[t][j];
                    }
                    dsNext[i] = sum;
                }
                counter.learning(l, BACK_HIDDEN, post);
                counter.learning(l, BACK_KERNEL, 2L * post * post);
            } else {
                for (int k = 0; k < post; k++) {
                    dvp[k] = ds[t][k] + dV[k];
                    dI[t][k] = dvp[k];
                }
                counter.learning(l, BACK_OUTPUT, post);
            }
            for (int k = 0; k < post; k++) {
                dV[k] = BackEiConfig.DECAY * dvp[k];
            }
        }
    }

    /** The window's inputs to layer l as [step][pre]: the binary input frames, or the signed spikes below. */
    private float[][] inputMatrix(Window h, int l, int pre) {
        float[][] x = new float[h.size][];
        for (int t = 0; t < h.size; t++) {
            if (l == 0) {
                x[t] = new float[pre];
                for (int i = 0; i < h.inputCount[t]; i++) {
                    x[t][h.inputs[t][i]] = 1f;
                }
            } else {
                x[t] = h.s[l - 1][t];
            }
        }
        return x;
    }

    /** Hidden layer l's spikes one step back, as [step][unit]: the carried state, then the window's own. */
    private static float[][] previousSpikes(Window h, int l) {
        float[][] s = new float[h.size][];
        s[0] = h.sStart[l];
        for (int t = 1; t < h.size; t++) {
            s[t] = h.s[l][t - 1];
        }
        return s;
    }

    private static void columnSums(float[][] d, float[] out) {
        Arrays.fill(out, 0f);
        for (float[] row : d) {
            for (int k = 0; k < out.length; k++) {
                out[k] += row[k];
            }
        }
    }

    /** Copies {@code a}'s elements, row-major, into {@code out}. */
    private static void flat(INDArray a, float[] out) {
        System.arraycopy(a.dup('c').data().asFloat(), 0, out, 0, out.length);
    }

    /** Rows of equal length as one row-major ND4J matrix. */
    private static INDArray matrix(float[][] rows) {
        int n = rows[0].length;
        float[] data = new float[rows.length * n];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, data, i * n, n);
        }
        return Nd4j.create(data, new long[] {rows.length, n}, 'c');
    }

    /** One Adam step (Kingma and Ba 2015, bias-corrected) of every parameter along the gradients. */
    void adamStep() {
        steps++;
        float lrT = (float) (config.learningRate() * Math.sqrt(1 - Math.pow(BackEiConfig.BETA2, steps))
                / (1 - Math.pow(BackEiConfig.BETA1, steps)));
        counter.learning(hidden, ADAM_STEP, 1);
        for (int i = 0; i < params.size(); i++) {
            float[] p = params.get(i);
            float[] g = grads.get(i);
            float[] mi = m.get(i);
            float[] vi = v.get(i);
            for (int k = 0; k < p.length; k++) {
                mi[k] = BackEiConfig.BETA1 * mi[k] + (1 - BackEiConfig.BETA1) * g[k];
                vi[k] = BackEiConfig.BETA2 * vi[k] + (1 - BackEiConfig.BETA2) * g[k] * g[k];
                p[k] -= lrT * mi[k] / ((float) Math.sqrt(vi[k]) + BackEiConfig.EPSILON);
            }
        }
        for (int l = 0; l <= hidden; l++) {
            counter.learning(l, ADAM, parameters(l));
        }
    }

    /** Parameters of weight layer l (with its gate kernels). */
    long parameters(int l) {
        long post = config.postSize(l);
        long n = config.preSize(l) * post + post;
        return l < hidden ? n + 2 * (post * post + post) : n;
    }

    /** The gradient of parameter tensor {@code i} (order: per layer W, b, then K_back, c_back, K_ei, c_ei). */
    float[] gradient(int i) {
        return grads.get(i);
    }

    /** Parameter tensor {@code i}, same order. */
    float[] parameter(int i) {
        return params.get(i);
    }

    /** Writes the parameters, Adam's moments and its step count. */
    void write(StateBytes.Writer out) {
        out.putLong(steps);
        for (int i = 0; i < params.size(); i++) {
            out.putFloats(params.get(i)).putFloats(m.get(i)).putFloats(v.get(i));
        }
    }

    /** Reads what {@link #write} wrote. */
    void read(StateBytes.Reader in) {
        steps = in.getLong();
        for (int i = 0; i < params.size(); i++) {
            in.getFloats(params.get(i));
            in.getFloats(m.get(i));
            in.getFloats(v.get(i));
        }
    }
}
