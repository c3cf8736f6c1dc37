package io.nacastream.ingest.recording;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Everything the golden tests check about a decoded recording, computed in one streaming pass. */
record Summary(long events, long on, int minX, int maxX, int minY, int maxY, long firstT, long lastT,
               long backwardSteps, long maxStepBack, List<long[]> all) {

    /** Reads {@code reader} to the end; keeps every event (t, x, y, on) only when {@code keep}. */
    static Summary of(EventReader reader, boolean keep) throws IOException {
        EventBatch batch = new EventBatch(4096);
        long events = 0;
        long on = 0;
        int minX = Integer.MAX_VALUE;
        int maxX = -1;
        int minY = Integer.MAX_VALUE;
        int maxY = -1;
        long first = 0;
        long last = 0;
        long back = 0;
        long maxBack = 0;
        List<long[]> all = new ArrayList<>();
        while (reader.read(batch) > 0) {
            for (int i = 0; i < batch.size(); i++) {
                long t = batch.timestampUs(i);
                if (events == 0) {
                    first = t;
                } else if (t < last) {
                    back++;
                    maxBack = Math.max(maxBack, last - t);
                }
                last = t;
                events++;
                on += batch.on(i) ? 1 : 0;
                minX = Math.min(minX, batch.x(i));
                maxX = Math.max(maxX, batch.x(i));
                minY = Math.min(minY, batch.y(i));
                maxY = Math.max(maxY, batch.y(i));
                if (keep) {
                    all.add(new long[] {t, batch.x(i), batch.y(i), batch.on(i) ? 1 : 0});
                }
            }
        }
        return new Summary(events, on, minX, maxX, minY, maxY, first, last, back, maxBack, all);
    }
}
