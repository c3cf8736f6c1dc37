package io.nacastream.learner;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.OpCounts;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streaming and strict test-then-train of the learners that pool a stream's input spikes over each labelled
 * segment (softmax and ridge on counts, SBP): each stream pools its spikes since its segment began; periodic
 * predictions and the segment's verdict read the pool; once the verdict is in, a learnable segment is learned from
 * the pool, which then restarts. Nothing is learned before the verdict, so nothing is replayed. Subclasses say how a
 * spike is pooled, how a prediction is made and how a segment is learned. Not thread-safe.
 *
 * @param <S> a stream's state
 */
public abstract class PooledLearner<S extends PooledLearner.PooledStream> implements OnlineLearner {

    /** The operation counter (disabled counters count only events). */
    protected final OpCounter counter;
    private final LabelBook labels;
    private final long predictionIntervalUs;
    private final int classes;
    private final Map<String, S> streams;

    /** A stream's segment tracking and clock; subclasses add the pool. */
    public abstract static class PooledStream {
        private final SegmentTracker tracker;
        private boolean inSegment;
        private long lastEventUs = Long.MIN_VALUE;

        /** A stream tracked by {@code tracker}. */
        protected PooledStream(SegmentTracker tracker) {
            this.tracker = tracker;
        }

        /** The stream's labels and verdicts. */
        public final SegmentTracker tracker() {
            return tracker;
        }

        /** Time of the stream's last spike, µs ({@link Long#MIN_VALUE} before any). */
        public final long lastEventUs() {
            return lastEventUs;
        }

        /** Whether the stream's clock was inside a labelled segment at its last move. */
        public final boolean inSegment() {
            return inSegment;
        }

        /** Sets the clock, as a checkpoint saved it. */
        public final void restoreClock(boolean wasInSegment, long lastSpikeUs) {
            inSegment = wasInSegment;
            lastEventUs = lastSpikeUs;
        }

        /** Empties the pool, counting what that costs. */
        protected abstract void clear();
    }

    /**
     * A learner of {@code classes} classes whose operations are counted per layer of {@code layerNames}, unless
     * {@code countOps} is false, keeping its streams in first-seen order.
     */
    protected PooledLearner(LabelBook labels, long predictionIntervalUs, int classes, List<String> layerNames,
                            boolean countOps) {
        this(labels, predictionIntervalUs, classes, layerNames, countOps, new LinkedHashMap<>());
    }

    /**
     * As above, keeping its streams in {@code streams} (empty): its iteration order is the order in which
     * {@link #finish} learns the streams' open segments.
     */
    protected PooledLearner(LabelBook labels, long predictionIntervalUs, int classes, List<String> layerNames,
                            boolean countOps, Map<String, S> streams) {
        if (predictionIntervalUs < 1) {
            throw new IllegalArgumentException("predictionIntervalUs must be positive");
        }
        if (!streams.isEmpty()) {
            throw new IllegalArgumentException("the stream map must start empty");
        }
        this.streams = streams;
        this.labels = labels;
        this.predictionIntervalUs = predictionIntervalUs;
        this.classes = classes;
        this.counter = countOps ? OpCounter.enabled(layerNames) : OpCounter.disabled(layerNames);
    }

    /** A new stream's state, tracked by {@code tracker}. */
    protected abstract S newStream(SegmentTracker tracker);

    /** Adds a spike on {@code input} to {@code s}'s pool; true if it is the input's first in the pool. */
    protected abstract boolean pool(S s, int input);

    /** Counts pooling {@code spikes} spikes, {@code touches} of them an input's first, into {@code s}. */
    protected abstract void countPooling(S s, long spikes, long touches);

    /** The prediction of {@code s}'s pool at {@code t}. */
    protected abstract Prediction predict(S s, long t);

    /** Learns {@code s}'s pool as class {@code cls}: its segment closed and its verdict is in. */
    protected abstract void learn(S s, int cls);

    /** The stream {@code id}'s state, made on its first use. */
    protected final S stream(String id) {
        return streams.computeIfAbsent(id, k -> newStream(new SegmentTracker(k, classes, labels,
                predictionIntervalUs)));
    }

    /** Every stream's state, in the order of the stream map. */
    protected final Collection<S> streams() {
        return streams.values();
    }

    @Override
    public final void process(SpikeTrain train, LearnerListener listener) {
        long cpu = counter.cpuStart();
        S s = stream(train.streamId());
        PooledStream clock = s;
        int processed = 0;
        long touches = 0;
        for (int k = 0, n = train.size(); k < n; k++) {
            long t = train.timestampUs(k);
            if (t < clock.lastEventUs) {
                continue;   // time went backwards on this stream: drop the spike
            }
            clock.lastEventUs = t;
            moved(s, clock.tracker.advance(t, listener));
            if (clock.tracker.predictionDue(t)) {
                listener.onPrediction(predict(s, t));
            }
            if (pool(s, train.input(k))) {
                touches++;
            }
            processed++;
        }
        counter.events(processed);
        counter.forward(0, SegmentTracker.PER_EVENT, processed);
        countPooling(s, processed, touches);
        moved(s, clock.tracker.reachedEnd(train.endUs(), listener));
        counter.cpuSince(cpu);
    }

    /** After the clock moved: learns a closed learnable segment (its verdict is in) and restarts the pooling. */
    private void moved(S s, LabelSegment closed) {
        PooledStream pool = s;
        if (closed != null) {
            if (closed.learn() && closed.classId() < classes) {
                learn(s, closed.classId());
            }
            pool.clear();
        }
        boolean in = pool.tracker.inSegment();
        if (in && !pool.inSegment && closed == null) {
            pool.clear();   // a segment began after unlabelled time: pool from its start
        }
        pool.inSegment = in;
    }

    @Override
    public final void finish(LearnerListener listener) {
        for (S s : streams.values()) {
            moved(s, s.tracker().finish(listener));
        }
    }

    @Override
    public final void resetStream(String streamId, LearnerListener listener) {
        S s = streams.remove(streamId);
        if (s != null) {
            moved(s, s.tracker().finish(listener));
        }
    }

    @Override
    public final OpCounts counts() {
        return counter.snapshot();
    }
}
