package io.nacastream.ingest.publish;

import io.nacastream.ingest.label.LabelSegment;

import java.util.Comparator;
import java.util.List;

/**
 * A recording's label segments, pass by pass ({@link ReplayLabels#file}): when looped, each pass gets the segments
 * cut to its own window [first, first + period) shifted by the pass's offset, so passes' labels never overlap; every
 * segment is cut at the end of the publish.
 */
final class FileLabelFeed implements LabelFeed {

    private final List<LabelSegment> segments;
    private final long periodUs;
    private final long endUs;
    private int index;
    private long pass;

    FileLabelFeed(List<LabelSegment> all, long firstUs, long periodUs, long endUs) {
        boolean looped = periodUs != Long.MAX_VALUE;
        long from = looped ? firstUs : Long.MIN_VALUE;
        long to = looped ? firstUs + periodUs : Long.MAX_VALUE;
        this.segments = all.stream().filter(s -> s.endUs() > from && s.startUs() < to)
                .map(s -> new LabelSegment(s.streamId(), s.classId(), Math.max(s.startUs(), from),
                        Math.min(s.endUs(), to), s.learn()))
                .sorted(Comparator.comparingLong(LabelSegment::startUs)).toList();
        this.periodUs = periodUs;
        this.endUs = endUs;
    }

    @Override
    public long nextStartUs() {
        if (segments.isEmpty() || (pass > 0 && periodUs == Long.MAX_VALUE)) {
            return Long.MAX_VALUE;
        }
        long start = segments.get(index).startUs() + pass * periodUs;
        return start < endUs ? start : Long.MAX_VALUE;
    }

    @Override
    public LabelSegment next() {
        if (nextStartUs() == Long.MAX_VALUE) {
            throw new IllegalStateException("no label segment left");
        }
        LabelSegment s = segments.get(index);
        long shift = pass * periodUs;
        if (++index == segments.size()) {
            index = 0;
            pass++;
        }
        return new LabelSegment(s.streamId(), s.classId(), s.startUs() + shift, Math.min(s.endUs() + shift, endUs),
                s.learn());
    }
}
