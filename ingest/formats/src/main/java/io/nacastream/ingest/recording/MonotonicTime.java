package io.nacastream.ingest.recording;

import io.nacastream.ingest.event.EventSink;

import java.io.IOException;

/**
 * Makes a decoded timestamp sequence non-decreasing, as event packets require, by holding back a timestamp that
 * steps back to the last one seen, and counts how often and how far that happened. Real recordings do step back
 * (EVT 3.0 TIME_LOW by a few µs, jAER timestamp resets), so this is a policy, stated in the publisher's summary.
 */
public final class MonotonicTime {

    private long last = Long.MIN_VALUE;
    private long clamped;
    private long maxStepBackUs;

    /** {@code t}, or the last timestamp returned when {@code t} is earlier. */
    public long next(long t) {
        if (t < last) {
            clamped++;
            maxStepBackUs = Math.max(maxStepBackUs, last - t);
            return last;
        }
        last = t;
        return t;
    }

    /**
     * Reads {@code reader} to the end and hands every event to {@code sink} with its timestamp passed through
     * {@link #next(long)}; returns the number of events.
     */
    public long pump(EventReader reader, EventSink sink) throws IOException {
        EventBatch batch = new EventBatch(EventBatch.DEFAULT_CAPACITY);
        long events = 0;
        int n;
        while ((n = reader.read(batch)) > 0) {
            for (int i = 0; i < n; i++) {
                sink.accept(batch.x(i), batch.y(i), batch.on(i), next(batch.timestampUs(i)));
            }
            events += n;
        }
        return events;
    }

    /** How many timestamps were held back. */
    public long clamped() {
        return clamped;
    }

    /** Largest backward step seen, µs. */
    public long maxStepBackUs() {
        return maxStepBackUs;
    }
}
