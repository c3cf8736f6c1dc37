package io.nacastream.learner.bp;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentTracker;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.OpCounts;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The backprop baseline: an MLP (ReLU hidden layers, softmax output, cross-entropy) of the same sizes as the NACA
 * network, trained online by SGD with ND4J, one step per frame. A frame is the set of inputs that spiked on a stream
 * within one bin of {@code binUs} (binary, like NACA's tick mode); bins without spikes are skipped. Each frame is
 * first predicted, then learned from if a learnable label is in force (test-then-train). A segment's verdict is the
 * class with the largest summed probability over its frames.
 *
 * <p>Counted with the same counters as NACA, dense as ND4J computes it: per frame and weight layer of P weights,
 * forward P MACs and P weight reads; learning P MACs for the weight gradient, P for propagating the error below
 * layer 0, P for the SGD step (P weights written), with 2P weight reads, plus 3P MACs and 2P reads with EWC
 * (Fisher accumulation and the proximal penalty step).
 * Not thread-safe.
 */
public final class BackpropLearner implements OnlineLearner {

    private final BackpropConfig config;
    private final LabelBook labels;
    private final long predictionIntervalUs;
    private final OpCounter counter;
    private final INDArray[] w;
    private final INDArray[] b;
    private final INDArray[] fisher;
    private final INDArray[] fisherStar;
    private final INDArray[] anchorW;
    private final INDArray[] anchorB;
    private final INDArray[] fisherB;
    private final INDArray[] fisherStarB;
    private final INDArray[] gradient;
    private final INDArray[] shrinkW;
    private final INDArray[] shrinkB;
    private long fisherFrames;
    private final Map<String, FrameState> streams = new HashMap<>();

    private static final class FrameState {
        final SegmentTracker tracker;
        final float[] frame;
        final int[] active;
        int activeCount;
        long binStartUs = Long.MIN_VALUE;
        int binClass = -1;
        long lastEventUs = Long.MIN_VALUE;
        float[] lastProbabilities;

        FrameState(SegmentTracker tracker, int inputs, int classes) {
            this.tracker = tracker;
            this.frame = new float[inputs];
            this.active = new int[inputs];
            this.lastProbabilities = new float[classes];
        }
    }

    /** A baseline with fresh weights (uniform ±1/sqrt(fan-in), as NACA's) that counts operations. */
    public BackpropLearner(BackpropConfig config, LabelBook labels, long predictionIntervalUs) {
        this(config, labels, predictionIntervalUs, true);
    }

    /** As above; {@code countOps} false disables the operation and CPU-time counters. */
    public BackpropLearner(BackpropConfig config, LabelBook labels, long predictionIntervalUs, boolean countOps) {
        if (predictionIntervalUs < 1) {
            throw new IllegalArgumentException("predictionIntervalUs must be positive");
        }
        this.config = config;
        this.labels = labels;
        this.predictionIntervalUs = predictionIntervalUs;
        int layers = config.hiddenSizes().size() + 1;
        var names = OpCounter.layerNames(config.hiddenSizes().size());
        this.counter = countOps ? OpCounter.enabled(names) : OpCounter.disabled(names);
        SplittableRandom random = new SplittableRandom(config.seed());
        w = new INDArray[layers];
        b = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            int pre = config.preSize(l);
            int post = config.postSize(l);
            double bound = 1 / Math.sqrt(pre);
            float[][] m = new float[pre][post];
            for (float[] row : m) {
                for (int k = 0; k < post; k++) {
                    row[k] = (float) random.nextDouble(-bound, bound);
                }
            }
            w[l] = Nd4j.create(m);
            b[l] = Nd4j.zeros(DataType.FLOAT, 1, post);
        }
        boolean ewc = config.ewcLambda() > 0;
        fisher = ewc ? zerosLike(w) : null;
        fisherStar = ewc ? zerosLike(w) : null;
        fisherB = ewc ? zerosLike(b) : null;
        fisherStarB = ewc ? zerosLike(b) : null;
        anchorW = ewc ? copies(w) : null;
        anchorB = ewc ? copies(b) : null;
        gradient = ewc ? zerosLike(w) : null;
        shrinkW = ewc ? ones(w) : null;
        shrinkB = ewc ? ones(b) : null;
    }

    private static INDArray[] ones(INDArray[] a) {
        INDArray[] o = new INDArray[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = Nd4j.onesLike(a[i]);
        }
        return o;
    }

    private static INDArray[] zerosLike(INDArray[] a) {
        INDArray[] z = new INDArray[a.length];
        for (int i = 0; i < a.length; i++) {
            z[i] = Nd4j.zerosLike(a[i]);
        }
        return z;
    }

    private static INDArray[] copies(INDArray[] a) {
        INDArray[] c = new INDArray[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].dup();
        }
        return c;
    }

    @Override
    public String algorithm() {
        return config.ewcLambda() > 0 ? "bp+ewc" : "bp";
    }

    /** The configuration. */
    public BackpropConfig config() {
        return config;
    }

    @Override
    public void process(SpikeTrain train, LearnerListener listener) {
        long cpu = counter.cpuStart();
        FrameState s = streams.computeIfAbsent(train.streamId(), id -> new FrameState(
                new SegmentTracker(id, config.classes(), labels, predictionIntervalUs), config.inputs(),
                config.classes()));
        long bin = config.binUs();
        int processed = 0;
        for (int k = 0, n = train.size(); k < n; k++) {
            long t = train.timestampUs(k);
            if (t < s.lastEventUs) {
                continue;
            }
            s.lastEventUs = t;
            if (s.binStartUs != Long.MIN_VALUE && t >= s.binStartUs + bin) {
                closeFrame(s);
            }
            s.tracker.advance(t, listener);
            if (s.tracker.predictionDue(t)) {
                listener.onPrediction(predict(s, t));
            }
            if (s.binStartUs == Long.MIN_VALUE) {
                s.binStartUs = Math.floorDiv(t, bin) * bin;
                s.binClass = s.tracker.learnClass();
            }
            int input = train.input(k);
            if (s.frame[input] == 0f) {
                s.frame[input] = 1f;
                s.active[s.activeCount++] = input;
            }
            processed++;
        }
        counter.events(processed);
        if (s.binStartUs != Long.MIN_VALUE && train.endUs() >= s.binStartUs + bin) {
            closeFrame(s);
        }
        s.tracker.reachedEnd(train.endUs(), listener);
        counter.cpuSince(cpu);
    }

    @Override
    public void finish(LearnerListener listener) {
        for (FrameState s : streams.values()) {
            end(s, listener);
        }
    }

    @Override
    public void resetStream(String streamId, LearnerListener listener) {
        FrameState s = streams.remove(streamId);
        if (s != null) {
            end(s, listener);
        }
    }

    private void end(FrameState s, LearnerListener listener) {
        if (s.binStartUs != Long.MIN_VALUE) {
            closeFrame(s);
        }
        s.tracker.finish(listener);
    }

    @Override
    public OpCounts counts() {
        return counter.snapshot();
    }

    /**
     * Ends a task for elastic weight consolidation (Kirkpatrick et al. 2017, online form of Schwarz et al. 2018):
     * the empirical Fisher information accumulated since the last call (mean squared gradients) is added to the
     * penalty's weights F and the current weights become its anchor θ*. The penalty λ/2·Σ F(θ - θ*)² is then applied
     * after every SGD step as a proximal step θ ← θ* + (θ - θ*) / (1 + η·λ·F), which, unlike adding its gradient, is
     * stable for any λ (a gradient step diverges once η·λ·F &gt; 2). No-op without EWC.
     */
    public void consolidate() {
        if (fisher == null || fisherFrames == 0) {
            return;
        }
        for (int l = 0; l < w.length; l++) {
            fisherStar[l].addi(fisher[l].divi(fisherFrames));
            fisherStarB[l].addi(fisherB[l].divi(fisherFrames));
            fisher[l].assign(0);
            fisherB[l].assign(0);
            anchorW[l].assign(w[l]);
            anchorB[l].assign(b[l]);
            float scale = config.learningRate() * config.ewcLambda();
            shrinkW[l].assign(fisherStar[l].mul(scale).addi(1f));
            shrinkB[l].assign(fisherStarB[l].mul(scale).addi(1f));
        }
        fisherFrames = 0;
    }

    /** A copy of weight layer {@code l} as [pre][post]. */
    public float[][] weights(int l) {
        return w[l].toFloatMatrix();
    }

    private void closeFrame(FrameState s) {
        int layers = w.length;
        INDArray[] z = new INDArray[layers];
        INDArray[] a = new INDArray[layers + 1];
        a[0] = Nd4j.createFromArray(s.frame).reshape(1, config.inputs());
        for (int l = 0; l < layers; l++) {
            z[l] = a[l].mmul(w[l]).addiRowVector(b[l]);
            a[l + 1] = l < layers - 1 ? Transforms.relu(z[l], true) : softmax(z[l]);
            long p = w[l].length();
            counter.forward(l, 0, p, p);
        }
        float[] probabilities = a[layers].toFloatVector();
        s.lastProbabilities = probabilities;
        double[] votes = new double[probabilities.length];
        for (int k = 0; k < votes.length; k++) {
            votes[k] = probabilities[k];
        }
        long end = s.binStartUs + config.binUs();
        s.tracker.vote(votes, end);
        if (s.binClass >= 0) {
            learn(z, a, s.binClass);
        }
        for (int i = 0; i < s.activeCount; i++) {
            s.frame[s.active[i]] = 0f;
        }
        s.activeCount = 0;
        s.binStartUs = Long.MIN_VALUE;
    }

    private void learn(INDArray[] z, INDArray[] a, int cls) {
        int layers = w.length;
        INDArray delta = a[layers].dup();
        delta.putScalar(0, cls, delta.getFloat(0, cls) - 1f);   // d(cross-entropy)/d(logits) = p - y
        float lr = config.learningRate();
        boolean ewc = fisher != null;
        for (int l = layers - 1; l >= 0; l--) {
            INDArray below = l > 0
                    ? delta.mmul(w[l].transpose()).muli(z[l - 1].gt(0).castTo(DataType.FLOAT)) : null;
            if (ewc) {   // empirical Fisher: squared gradients, into preallocated buffers
                Nd4j.gemm(a[l], delta, gradient[l], true, false, 1.0, 0.0);
                fisher[l].addi(gradient[l].muli(gradient[l]));
                fisherB[l].addi(delta.mul(delta));
            }
            // SGD step in place, W = W - lr·aᵀδ: no P-sized temporary per frame
            Nd4j.gemm(a[l], delta, w[l], true, false, -lr, 1.0);
            b[l].subi(delta.mul(lr));
            if (ewc) {
                w[l].subi(anchorW[l]).divi(shrinkW[l]).addi(anchorW[l]);
                b[l].subi(anchorB[l]).divi(shrinkB[l]).addi(anchorB[l]);
            }
            long p = w[l].length();
            counter.learning(l, 0, (l > 0 ? 3 : 2) * p + (ewc ? 3 * p : 0), (l > 0 ? 2 : 1) * p + (ewc ? 2 * p : 0),
                    p);
            delta = below;
        }
        if (ewc) {
            fisherFrames++;
        }
    }

    private static INDArray softmax(INDArray logits) {
        INDArray shifted = logits.sub(logits.maxNumber());
        INDArray e = Transforms.exp(shifted, false);
        return e.divi(e.sumNumber());
    }

    private Prediction predict(FrameState s, long t) {
        return Prediction.fromScores(s.tracker.streamId(), t, s.lastProbabilities, s.tracker.labelClass());
    }
}
