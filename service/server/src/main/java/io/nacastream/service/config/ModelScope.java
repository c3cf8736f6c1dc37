package io.nacastream.service.config;

/**
 * Which streams share a model ({@code model.scope}): each stream its own ({@link #STREAM}, the deployed default), or
 * every stream of a partition one ({@link #PARTITION}: a model that learns across sessions and subjects and scores
 * streams it never learned from, as the main job does).
 */
public enum ModelScope {
    /** One model per stream, keyed by the stream id. */
    STREAM,
    /** One model per events partition, keyed {@code partition:<n>}. */
    PARTITION;

    /** The id of the model that learns stream {@code streamId} of {@code partition}. */
    public String modelId(String streamId, int partition) {
        return this == STREAM ? streamId : "partition:" + partition;
    }
}
