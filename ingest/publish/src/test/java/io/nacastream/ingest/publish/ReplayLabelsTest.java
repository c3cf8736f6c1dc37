package io.nacastream.ingest.publish;

import io.nacastream.ingest.label.LabelSegment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The label feeds of a replay: a file's segments pass by pass, cut to each pass and the end; generated cycles. */
class ReplayLabelsTest {

    private static List<LabelSegment> drain(LabelFeed feed) {
        List<LabelSegment> out = new ArrayList<>();
        while (feed.nextStartUs() != Long.MAX_VALUE) {
            out.add(feed.next());
        }
        return out;
    }

    private static LabelSegment seg(int c, long start, long end) {
        return new LabelSegment("cam", c, start, end, true);
    }

    @Test
    void fileSegmentsRepeatEachPassCutToThePassAndTheEnd() {
        // first event at 100, period 100: pass k covers [100 + 100k, 200 + 100k); the loop ends at 350. A segment
        // before the first event is cut to it, one past the window to it, one beyond the window dropped
        List<LabelSegment> file = List.of(seg(1, 150, 260), seg(0, 50, 120), seg(2, 300, 400));
        assertEquals(List.of(seg(0, 100, 120), seg(1, 150, 200), seg(0, 200, 220), seg(1, 250, 300),
                seg(0, 300, 320)), drain(ReplayLabels.file(file).feed("cam", 100, 100, 350)));
        assertEquals(seg(1, 350, 360), drain(ReplayLabels.file(file).feed("cam", 100, 100, 360)).get(5),
                "the last segment is cut at the end");
    }

    @Test
    void fileSegmentsOfOnePassAreKeptWhole() {
        List<LabelSegment> file = List.of(seg(1, 150, 260), seg(0, 50, 120));
        assertEquals(List.of(seg(0, 50, 120), seg(1, 150, 260)),
                drain(ReplayLabels.file(file).feed("cam", 100, Long.MAX_VALUE, Long.MAX_VALUE)));
    }

    @Test
    void cycleLabelsCoverTheSpanContiguously() {
        assertEquals(List.of(new LabelSegment("s", 0, 10, 40, true), new LabelSegment("s", 1, 40, 70, true),
                new LabelSegment("s", 2, 70, 100, true), new LabelSegment("s", 0, 100, 105, true)),
                drain(ReplayLabels.cycle(30, 3).feed("s", 10, 50, 105)));
        LabelFeed open = ReplayLabels.cycle(30, 2).feed("s", 0, Long.MAX_VALUE, Long.MAX_VALUE);
        assertEquals(0, open.nextStartUs());
        open.next();
        assertEquals(new LabelSegment("s", 1, 30, 60, true), open.next(), "no end: whole segments on demand");
        assertThrows(IllegalArgumentException.class, () -> ReplayLabels.cycle(0, 3));
        assertThrows(IllegalStateException.class, () -> LabelFeed.EMPTY.next());
    }
}
