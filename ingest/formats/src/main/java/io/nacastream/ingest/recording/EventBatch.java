package io.nacastream.ingest.recording;

import io.nacastream.ingest.event.EventSink;

/**
 * A reusable, fixed-capacity batch of decoded events in parallel primitive arrays, filled by an
 * {@link EventReader} without allocating per event. Timestamps are as decoded: a recording may step back in time
 * (see {@link MonotonicTime}).
 */
public final class EventBatch {

    /** Default capacity: 64 Ki events (1.3 MB of arrays). */
    public static final int DEFAULT_CAPACITY = 1 << 16;

    private final long[] timestampsUs;
    private final short[] xs;
    private final short[] ys;
    private final boolean[] polarities;
    private int size;

    /** A batch holding at most {@code capacity} events. */
    public EventBatch(int capacity) {
        if (capacity < 16) {
            throw new IllegalArgumentException("capacity must be at least 16, was " + capacity);
        }
        timestampsUs = new long[capacity];
        xs = new short[capacity];
        ys = new short[capacity];
        polarities = new boolean[capacity];
    }

    /** Maximum number of events. */
    public int capacity() {
        return timestampsUs.length;
    }

    /** Number of events held. */
    public int size() {
        return size;
    }

    /** Free slots. */
    public int free() {
        return timestampsUs.length - size;
    }

    /** Forgets all events. */
    public void clear() {
        size = 0;
    }

    /** Appends one event; the caller guarantees {@link #free()} > 0 and valid coordinates. */
    public void add(int x, int y, boolean on, long timestampUs) {
        int i = size++;
        timestampsUs[i] = timestampUs;
        xs[i] = (short) x;
        ys[i] = (short) y;
        polarities[i] = on;
    }

    /** Column of event {@code i}. */
    public int x(int i) {
        return xs[i];
    }

    /** Row of event {@code i}. */
    public int y(int i) {
        return ys[i];
    }

    /** Polarity of event {@code i}: true = ON. */
    public boolean on(int i) {
        return polarities[i];
    }

    /** Timestamp of event {@code i}, µs. */
    public long timestampUs(int i) {
        return timestampsUs[i];
    }

    /** Hands every event to {@code sink} in order. */
    public void forEach(EventSink sink) {
        for (int i = 0; i < size; i++) {
            sink.accept(xs[i], ys[i], polarities[i], timestampsUs[i]);
        }
    }
}
