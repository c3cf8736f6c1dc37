package io.nacastream.service.stream;

import io.nacastream.ingest.kafka.StreamItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Labels of streams that have sent no events yet. Labels often arrive before their stream's first packet, so they
 * are kept; but a stream that never comes (a typo in a stream id, labels not co-partitioned with their events) would
 * keep them forever. After {@code timeoutMs} of wall time without the stream, its labels are handed back for the
 * dead-letter topic. At most {@code maxPerStream} labels wait per stream; later ones are handed back at once.
 */
final class OrphanLabels {

    private record Waiting(long sinceMs, List<StreamItem.Label> labels) {
    }

    private final long timeoutMs;
    private final int maxPerStream;
    private final Map<String, Waiting> waiting = new HashMap<>();

    OrphanLabels(long timeoutMs, int maxPerStream) {
        this.timeoutMs = timeoutMs;
        this.maxPerStream = maxPerStream;
    }

    /** Notes a label of a stream without events at wall time {@code nowMs}; false if too many already wait. */
    boolean note(StreamItem.Label label, long nowMs) {
        Waiting w = waiting.computeIfAbsent(label.segment().streamId(), k -> new Waiting(nowMs, new ArrayList<>()));
        if (w.labels.size() >= maxPerStream) {
            return false;
        }
        w.labels.add(label);
        return true;
    }

    /** The stream has sent events: its labels are no longer orphans. */
    void claimed(String streamId) {
        if (!waiting.isEmpty()) {
            waiting.remove(streamId);
        }
    }

    /** Hands every stream waiting longer than the timeout to {@code expired} (stream id, its labels) and forgets it. */
    void expire(long nowMs, BiConsumer<String, List<StreamItem.Label>> expired) {
        for (Iterator<Map.Entry<String, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Waiting> e = it.next();
            if (nowMs - e.getValue().sinceMs >= timeoutMs) {
                it.remove();
                expired.accept(e.getKey(), e.getValue().labels);
            }
        }
    }

    /** Streams whose labels wait. */
    int streams() {
        return waiting.size();
    }

    /** Timeout in ms, for messages. */
    long timeoutMs() {
        return timeoutMs;
    }
}
