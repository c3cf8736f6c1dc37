package io.nacastream.ingest.recording;

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

    /** How many timestamps were held back. */
    public long clamped() {
        return clamped;
    }

    /** Largest backward step seen, µs. */
    public long maxStepBackUs() {
        return maxStepBackUs;
    }
}
