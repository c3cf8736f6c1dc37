package io.nacastream.ingest.event;

/** Receives DVS events one at a time, in non-decreasing time order, without allocating an object per event. */
@FunctionalInterface
public interface EventSink {

    /** Accepts one event at pixel (x, y) with polarity {@code on} at {@code timestampUs}. */
    void accept(int x, int y, boolean on, long timestampUs);
}
