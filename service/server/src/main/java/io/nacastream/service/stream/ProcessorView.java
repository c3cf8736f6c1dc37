package io.nacastream.service.stream;

import io.nacastream.learner.energy.OpCounts;

import java.util.List;

/**
 * What the stream processor holds, as a snapshot for threads other than the learner's (HTTP, metrics) and for the
 * end of a bounded run.
 *
 * @param models            the models in memory
 * @param partitions        partitions owned, ascending
 * @param counts            operations performed by this process on all models
 * @param events            events learned from by this process
 * @param packets           packets learned from by this process
 * @param learnedAccuracy   test-then-train accuracy of the segments learned from (NaN before any)
 * @param learnedSegments   segments learned from
 * @param heldOutAccuracy   accuracy of the held-out segments (NaN before any)
 * @param heldOutSegments   held-out segments
 */
public record ProcessorView(List<ModelInfo> models, List<Integer> partitions, OpCounts counts, long events,
                            long packets, double learnedAccuracy, long learnedSegments, double heldOutAccuracy,
                            long heldOutSegments) {

    /** Nothing yet. */
    public static final ProcessorView EMPTY = new ProcessorView(List.of(), List.of(), OpCounts.NONE, 0, 0, Double.NaN,
            0, Double.NaN, 0);

    /**
     * One model in memory.
     *
     * @param modelId     the model: its stream, or {@code partition:<n>} under {@code model.scope=partition}
     * @param partition   its events partition
     * @param origin      what it started from: "fresh", "default", "prefix:..." or "checkpoint"
     * @param events      events learned over its whole life
     * @param packets     packets learned over its whole life
     * @param lastEventUs time of its newest learned event, µs
     * @param savedAtMs   when it was last saved, or -1
     */
    public record ModelInfo(String modelId, int partition, String origin, long events, long packets,
                            long lastEventUs, long savedAtMs) {
    }
}
