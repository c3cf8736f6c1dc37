package io.nacastream.learner;

import io.nacastream.ingest.label.LabelSegment;

/**
 * A learnable segment whose spikes have been scored and recorded but not yet learned (its verdict is still to
 * come), as saved in a checkpoint so that a restored model still learns it. Arrays are owned by the record.
 *
 * @param segment    the label segment being recorded
 * @param inputs     the recorded spikes' inputs
 * @param timesUs    their stream times
 * @param chunkEnds  per recorded spike train, the index one past its last spike
 * @param chunkEndUs per recorded spike train, the stream time it ended at
 */
public record PendingSegment(LabelSegment segment, int[] inputs, long[] timesUs, int[] chunkEnds,
                             long[] chunkEndUs) {

    public PendingSegment {
        if (inputs.length != timesUs.length || chunkEnds.length != chunkEndUs.length) {
            throw new IllegalArgumentException("pending segment arrays differ in length");
        }
        for (int c = 0; c < chunkEnds.length; c++) {
            if (chunkEnds[c] < (c == 0 ? 0 : chunkEnds[c - 1]) || chunkEnds[c] > inputs.length) {
                throw new IllegalArgumentException("pending segment chunk " + c + " ends at " + chunkEnds[c]);
            }
        }
    }
}
