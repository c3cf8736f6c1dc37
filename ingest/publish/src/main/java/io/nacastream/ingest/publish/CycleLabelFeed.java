package io.nacastream.ingest.publish;

import io.nacastream.ingest.label.LabelSegment;

/**
 * Generated label segments ({@link ReplayLabels#cycle}): segment i covers [first + i·length, first + (i+1)·length),
 * class i mod K, learned; the last one is cut at the end of the publish.
 */
final class CycleLabelFeed implements LabelFeed {

    private final String streamId;
    private final long segmentUs;
    private final int classes;
    private final long firstUs;
    private final long endUs;
    private long index;

    CycleLabelFeed(String streamId, long segmentUs, int classes, long firstUs, long endUs) {
        this.streamId = streamId;
        this.segmentUs = segmentUs;
        this.classes = classes;
        this.firstUs = firstUs;
        this.endUs = endUs;
    }

    @Override
    public long nextStartUs() {
        long start = firstUs + index * segmentUs;
        return start < endUs ? start : Long.MAX_VALUE;
    }

    @Override
    public LabelSegment next() {
        long start = nextStartUs();
        if (start == Long.MAX_VALUE) {
            throw new IllegalStateException("no label segment left");
        }
        int classId = (int) (index++ % classes);
        return new LabelSegment(streamId, classId, start, Math.min(start + segmentUs, endUs), true);
    }
}
