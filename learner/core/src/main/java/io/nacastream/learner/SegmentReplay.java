package io.nacastream.learner;

import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.energy.Ops;

import java.util.Arrays;

/**
 * The spikes of one labelled segment of one stream, kept while the segment is scored with learning off and replayed
 * to learn from it once its verdict is in: strict test-then-train (every segment is scored by the model as it stood
 * before it learned anything from that segment). Spikes arrive in chunks (one per spike train), each with the stream
 * time its train ended at, so a replay sees the same packet boundaries. At most {@code limit} spikes are kept; the
 * rest of a longer segment is scored but not learned from, and counted ({@link #dropped()}). Not thread-safe.
 */
public final class SegmentReplay {

    /** Default most spikes kept per segment (12 bytes each). */
    public static final int DEFAULT_LIMIT = 2_000_000;
    /** Cost of recording one spike (input and time written). */
    public static final Ops RECORD = Ops.NONE.stateWrites(2);
    /** Cost of reading one recorded spike back. */
    public static final Ops READ = Ops.NONE.stateReads(2);

    private final int limit;
    private int[] inputs = new int[256];
    private long[] timesUs = new long[256];
    private int size;
    private int[] chunkEnds = new int[16];
    private long[] chunkEndUs = new long[16];
    private int chunks;
    private LabelSegment segment;
    private boolean restored;
    private long dropped;

    /** A buffer of at most {@code limit} spikes per segment. */
    public SegmentReplay(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("replay limit must be positive, got " + limit);
        }
        this.limit = limit;
    }

    /** Starts recording {@code segment} (learnable) to learn it later; forgets the previous one. */
    public void start(LabelSegment segment) {
        size = 0;
        chunks = 0;
        dropped = 0;
        restored = false;
        this.segment = segment;
    }

    /** True if the recording was restored from a checkpoint (its replay starts from rest, not from a copy). */
    public boolean restored() {
        return restored;
    }

    /** True while a segment is being recorded. */
    public boolean recording() {
        return segment != null;
    }

    /** The segment being recorded (null when not recording). */
    public LabelSegment segment() {
        return segment;
    }

    /** The class the recorded segment is learned as (-1 when not recording). */
    public int learnClass() {
        return segment == null ? -1 : segment.classId();
    }

    /** A copy of the recording, for a checkpoint (null when not recording). */
    public PendingSegment pending() {
        if (segment == null) {
            return null;
        }
        return new PendingSegment(segment, Arrays.copyOf(inputs, size), Arrays.copyOf(timesUs, size),
                Arrays.copyOf(chunkEnds, chunks), Arrays.copyOf(chunkEndUs, chunks));
    }

    /** Continues the recording of {@code p} (restored from a checkpoint), up to this buffer's limit. */
    public void restore(PendingSegment p) {
        start(p.segment());
        int c = 0;
        for (int k = 0; k < p.inputs().length; k++) {
            while (c < p.chunkEnds().length && p.chunkEnds()[c] == k) {
                endChunk(p.chunkEndUs()[c++]);
            }
            add(p.inputs()[k], p.timesUs()[k]);
        }
        while (c < p.chunkEnds().length) {
            endChunk(p.chunkEndUs()[c++]);
        }
        restored = true;
    }

    /**
     * A restored recording whose start state was restored too (a checkpoint with stream state): its replay starts
     * from that copy, as if never interrupted, not from rest.
     */
    public void resumeFromCopy() {
        restored = false;
    }

    /** Records one spike, or counts it as dropped past the limit. */
    public void add(int input, long timeUs) {
        if (size == limit) {
            dropped++;
            return;
        }
        if (size == inputs.length) {
            int cap = (int) Math.min(limit, 2L * size);
            inputs = Arrays.copyOf(inputs, cap);
            timesUs = Arrays.copyOf(timesUs, cap);
        }
        inputs[size] = input;
        timesUs[size++] = timeUs;
    }

    /** Ends the current chunk: its train ended at stream time {@code endUs}. */
    public void endChunk(long endUs) {
        if (chunks == chunkEnds.length) {
            chunkEnds = Arrays.copyOf(chunkEnds, 2 * chunks);
            chunkEndUs = Arrays.copyOf(chunkEndUs, 2 * chunks);
        }
        chunkEnds[chunks] = size;
        chunkEndUs[chunks++] = endUs;
    }

    /** Ends recording (after the replay). */
    public void stop() {
        segment = null;
        size = 0;
        chunks = 0;
    }

    /** Spikes recorded. */
    public int size() {
        return size;
    }

    /** Input of spike {@code k}. */
    public int input(int k) {
        return inputs[k];
    }

    /** Stream time of spike {@code k}. */
    public long timeUs(int k) {
        return timesUs[k];
    }

    /** Spikes of the current segment past the limit, scored but not recorded. */
    public long dropped() {
        return dropped;
    }

    /** Visits the recorded spikes in order, calling {@code chunkEnd} at each ended chunk's boundary. */
    public void replay(Visitor visitor) {
        int k = 0;
        for (int c = 0; c <= chunks; c++) {
            int end = c < chunks ? chunkEnds[c] : size;   // past the last ended chunk: the spikes of an open one
            if (c == chunks && k == end) {
                break;
            }
            visitor.chunk(this, k, end);
            for (; k < end; k++) {
                visitor.spike(inputs[k], timesUs[k]);
            }
            if (c < chunks) {
                visitor.chunkEnd(chunkEndUs[c]);
            }
        }
    }

    /** What a replay does with the recorded spikes. */
    public interface Visitor {

        /** A chunk of spikes {@code from..to-1} starts. */
        default void chunk(SegmentReplay spikes, int from, int to) {
        }

        /** One spike. */
        void spike(int input, long timeUs);

        /** The chunk's train ended at {@code endUs}. */
        void chunkEnd(long endUs);
    }
}
