package io.nacastream.learner;

import io.nacastream.ingest.label.LabelSegment;

import java.util.Arrays;

/** The dynamic state of the network for one sensor stream (membranes, spike times, rates, segment tallies). */
final class StreamState {

    static final long NEVER = Long.MIN_VALUE / 4;

    final String streamId;
    final float[] v;
    final long[] lastHiddenSpikeUs;
    final float[] u;
    final long[] lastOutputSpikeUs;
    final float[] rate;
    long lastEventUs = NEVER;
    long lastOutputUpdateUs = NEVER;
    long nextPredictionUs = NEVER;

    // label cache: [windowStart, windowEnd) is covered by `segment` (null = no label)
    LabelSegment segment;
    long windowStartUs = 1;
    long windowEndUs = 0;
    long labelVersion = -1;

    // tallies of the open segment
    final long[] segmentSpikes;
    final float[] segmentPotential;
    long firstCorrectUs = -1;

    StreamState(String streamId, int hidden, int classes) {
        this.streamId = streamId;
        v = new float[hidden];
        lastHiddenSpikeUs = new long[hidden];
        Arrays.fill(lastHiddenSpikeUs, NEVER);
        u = new float[classes];
        lastOutputSpikeUs = new long[classes];
        Arrays.fill(lastOutputSpikeUs, NEVER);
        rate = new float[classes];
        segmentSpikes = new long[classes];
        segmentPotential = new float[classes];
    }

    void clearSegmentTallies() {
        Arrays.fill(segmentSpikes, 0);
        Arrays.fill(segmentPotential, 0);
        firstCorrectUs = -1;
    }
}
