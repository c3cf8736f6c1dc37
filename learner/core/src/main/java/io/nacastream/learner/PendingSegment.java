package io.nacastream.learner;

import io.nacastream.ingest.label.LabelSegment;

/**
 * A learnable segment scored so far but not yet learned (its verdict is still to come), as saved in a checkpoint so
 * that a restored model still learns all of it: its recorded spikes (to replay) and, with a readout on pooled counts,
 * the counts pooled so far. Arrays are owned by the record.
 *
 * @param segment    the label segment being recorded
 * @param inputs     the recorded spikes' inputs
 * @param timesUs    their stream times
 * @param chunkEnds  per recorded spike train, the index one past its last spike
 * @param chunkEndUs per recorded spike train, the stream time it ended at
 * @param pooled     the readout's pooled counts so far (empty: none)
 */
public record PendingSegment(LabelSegment segment, int[] inputs, long[] timesUs, int[] chunkEnds,
                             long[] chunkEndUs, float[] pooled) {

    /** Recorded spikes only, no pooled counts. */
    public PendingSegment(LabelSegment segment, int[] inputs, long[] timesUs, int[] chunkEnds, long[] chunkEndUs) {
        this(segment, inputs, timesUs, chunkEnds, chunkEndUs, new float[0]);
    }

    /** Pooled counts only, no recorded spikes. */
    public static PendingSegment pooledOnly(LabelSegment segment, float[] pooled) {
        return new PendingSegment(segment, new int[0], new long[0], new int[0], new long[0], pooled);
    }

    /** This segment with {@code counts} as its pooled counts. */
    public PendingSegment withPooled(float[] counts) {
        return new PendingSegment(segment, inputs, timesUs, chunkEnds, chunkEndUs, counts);
    }

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
