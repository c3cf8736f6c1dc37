package io.nacastream.learner;

import io.nacastream.ingest.label.LabelSegment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The label segments known for each stream, looked up by time. A segment is recorded when its label record is
 * read; stream time covered by no segment is inference only.
 */
public final class LabelBook {

    private final Map<String, NavigableMap<Long, LabelSegment>> byStream = new HashMap<>();
    private long version;

    /** Records a segment, replacing any segment with the same start on the same stream. */
    public void add(LabelSegment segment) {
        byStream.computeIfAbsent(segment.streamId(), s -> new TreeMap<>()).put(segment.startUs(), segment);
        version++;
    }

    /** The segment of {@code streamId} containing {@code timestampUs}, or null. */
    public LabelSegment at(String streamId, long timestampUs) {
        NavigableMap<Long, LabelSegment> segments = byStream.get(streamId);
        if (segments == null) {
            return null;
        }
        Map.Entry<Long, LabelSegment> e = segments.floorEntry(timestampUs);
        return e != null && e.getValue().contains(timestampUs) ? e.getValue() : null;
    }

    /**
     * End of the label-free gap of {@code streamId} that contains {@code timestampUs}: the start of the next
     * segment, or {@link Long#MAX_VALUE}.
     */
    public long nextStartAfter(String streamId, long timestampUs) {
        NavigableMap<Long, LabelSegment> segments = byStream.get(streamId);
        if (segments == null) {
            return Long.MAX_VALUE;
        }
        Long next = segments.higherKey(timestampUs);
        return next == null ? Long.MAX_VALUE : next;
    }

    /** Increases whenever a segment is added; lets readers know their cached lookups are stale. */
    public long version() {
        return version;
    }

    /** Forgets the segments of {@code streamId} that ended before {@code beforeUs} (its stream time has passed them). */
    public void prune(String streamId, long beforeUs) {
        NavigableMap<Long, LabelSegment> segments = byStream.get(streamId);
        if (segments != null && segments.values().removeIf(s -> s.endUs() < beforeUs)) {
            version++;
            if (segments.isEmpty()) {
                byStream.remove(streamId);
            }
        }
    }

    /** Every segment held, stream by stream in start order. */
    public List<LabelSegment> segments() {
        List<LabelSegment> out = new ArrayList<>();
        byStream.values().forEach(m -> out.addAll(m.values()));
        return out;
    }
}
