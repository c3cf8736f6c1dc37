package io.nacastream.ingest.publish;

import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.MonotonicTime;

import java.io.IOException;

/**
 * First and last timestamp and event count of a recording as the publisher sends it (timestamps that step back held,
 * as {@link MonotonicTime} does), and the pass period a loop uses.
 *
 * @param firstUs first timestamp, µs
 * @param lastUs  last (largest) timestamp, µs
 * @param events  number of events
 */
public record RecordingSpan(long firstUs, long lastUs, long events) {

    /** Reads {@code reader} to the end. */
    public static RecordingSpan of(EventReader reader) throws IOException {
        MonotonicTime time = new MonotonicTime();
        EventBatch batch = new EventBatch(EventBatch.DEFAULT_CAPACITY);
        long first = 0;
        long last = 0;
        long events = 0;
        while (reader.read(batch) > 0) {
            for (int i = 0; i < batch.size(); i++) {
                last = time.next(batch.timestampUs(i));
                if (events++ == 0) {
                    first = last;
                }
            }
        }
        return new RecordingSpan(first, last, events);
    }

    /** Gap between one pass's last event and the next pass's first: the mean inter-event interval, at least 1 µs. */
    public long gapUs() {
        return Math.max(1, Math.round((double) (lastUs - firstUs) / Math.max(1, events - 1)));
    }

    /** Time between the starts of two passes: the span plus {@link #gapUs()}. */
    public long periodUs() {
        return lastUs - firstUs + gapUs();
    }
}
