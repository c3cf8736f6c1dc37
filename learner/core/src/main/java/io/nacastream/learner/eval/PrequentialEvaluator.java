package io.nacastream.learner.eval;

import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.StateBytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates prequential (test-then-train) statistics over classified instances in stream order, as MOA's
 * evaluators do: accuracy, sliding-window accuracy, confusion matrix, Cohen's κ, κ_T and, for segments, the latency
 * to the first correct running verdict. Instances whose true class is outside [0, classes) are ignored. Not
 * thread-safe.
 */
public final class PrequentialEvaluator {

    private final int classes;
    private final int window;
    private final long[][] confusion;
    private final boolean[] recent;
    private final Map<String, Integer> previousLabel = new HashMap<>();
    private final List<Long> latenciesUs = new ArrayList<>();
    private int recentCount;
    private int recentCorrect;
    private int recentNext;
    private long instances;
    private long correct;
    private long noChangeCorrect;
    private long neverCorrect;

    /** An evaluator for {@code classes} classes with a sliding window of {@code window} instances. */
    public PrequentialEvaluator(int classes, int window) {
        if (classes < 2 || window < 1) {
            throw new IllegalArgumentException("need classes >= 2 and window >= 1");
        }
        this.classes = classes;
        this.window = window;
        this.confusion = new long[classes][classes + 1];
        this.recent = new boolean[window];
    }

    /** Scores one instance of {@code streamId}; {@code predicted} -1 means no prediction (counted as wrong). */
    public void add(String streamId, int trueClass, int predicted) {
        if (trueClass < 0 || trueClass >= classes) {
            return;
        }
        boolean ok = predicted == trueClass;
        instances++;
        correct += ok ? 1 : 0;
        confusion[trueClass][predicted >= 0 && predicted < classes ? predicted : classes]++;
        Integer previous = previousLabel.put(streamId, trueClass);
        noChangeCorrect += previous != null && previous == trueClass ? 1 : 0;
        if (recentCount == window) {
            recentCorrect -= recent[recentNext] ? 1 : 0;
        } else {
            recentCount++;
        }
        recent[recentNext] = ok;
        recentCorrect += ok ? 1 : 0;
        recentNext = (recentNext + 1) % window;
    }

    /** Scores a segment verdict, including its latency. */
    public void add(SegmentResult r) {
        if (r.trueClass() < 0 || r.trueClass() >= classes) {
            return;
        }
        add(r.streamId(), r.trueClass(), r.predicted());
        if (r.firstCorrectUs() >= 0) {
            latenciesUs.add(r.firstCorrectUs());
        } else {
            neverCorrect++;
        }
    }

    /** The statistics so far. */
    public Evaluation snapshot() {
        long[] rows = new long[classes];
        long[] cols = new long[classes];
        long agree = 0;
        for (int i = 0; i < classes; i++) {
            for (int j = 0; j <= classes; j++) {
                rows[i] += confusion[i][j];
                if (j < classes) {
                    cols[j] += confusion[i][j];
                }
            }
            agree += confusion[i][i];
        }
        double accuracy = instances == 0 ? Double.NaN : (double) correct / instances;
        double noChange = instances == 0 ? Double.NaN : (double) noChangeCorrect / instances;
        long[] sorted = latenciesUs.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Evaluation(instances, correct,
                recentCount == 0 ? Double.NaN : (double) recentCorrect / recentCount, window,
                Kappa.cohen(agree, rows, cols, instances), Kappa.temporal(accuracy, noChange), noChange,
                confusion, percentile(sorted, 0.5) / 1000.0, percentile(sorted, 0.9) / 1000.0, neverCorrect);
    }

    /** Appends everything this evaluator has accumulated, as a checkpoint keeps it. */
    void write(StateBytes.Writer w) {
        w.putInt(classes).putInt(window);
        for (long[] row : confusion) {
            w.putLongs(row);
        }
        w.putInt(recentCount).putInt(recentCorrect).putInt(recentNext);
        for (boolean b : recent) {
            w.putBoolean(b);
        }
        w.putInt(previousLabel.size());
        previousLabel.forEach((stream, label) -> w.putString(stream).putInt(label));
        w.putInt(latenciesUs.size());
        w.putLongs(latenciesUs.stream().mapToLong(Long::longValue).toArray());
        w.putLong(instances).putLong(correct).putLong(noChangeCorrect).putLong(neverCorrect);
    }

    /** Replaces what this evaluator has accumulated by what {@link #write} wrote; refuses another shape. */
    void read(StateBytes.Reader r) {
        int c = r.getInt();
        int w = r.getInt();
        if (c != classes || w != window) {
            throw new IllegalArgumentException("evaluation state of " + c + " classes and a window of " + w
                    + ", not " + classes + " and " + window);
        }
        for (long[] row : confusion) {
            r.getLongs(row);
        }
        recentCount = r.getInt();
        recentCorrect = r.getInt();
        recentNext = r.getInt();
        if (recentCount < 0 || recentCount > window || recentNext < 0 || recentNext >= window) {
            throw new IllegalArgumentException("evaluation state: window position out of range");
        }
        for (int i = 0; i < window; i++) {
            recent[i] = r.getBoolean();
        }
        previousLabel.clear();
        for (int i = r.getInt(); i > 0; i--) {
            previousLabel.put(r.getString(), r.getInt());
        }
        long[] latencies = new long[r.getInt()];
        r.getLongs(latencies);
        latenciesUs.clear();
        for (long l : latencies) {
            latenciesUs.add(l);
        }
        instances = r.getLong();
        correct = r.getLong();
        noChangeCorrect = r.getLong();
        neverCorrect = r.getLong();
    }

    /** Nearest-rank percentile of a sorted array (NaN if empty). */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public String toString() {
        Evaluation e = snapshot();
        return String.format("n=%d acc=%.3f κ=%.3f κT=%.3f confusion=%s", e.instances(), e.accuracy(), e.kappa(),
                e.kappaT(), Arrays.deepToString(e.confusion()));
    }
}
