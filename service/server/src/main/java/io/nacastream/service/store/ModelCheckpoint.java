package io.nacastream.service.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stream's model as saved, with what it reflects: every record of the stream on {@code eventsTopic} partition
 * {@code partition} below {@code nextOffset} has been learned from, and none at or above it.
 *
 * @param streamId    the stream (record key)
 * @param eventsTopic topic of the stream's events
 * @param partition   partition of the stream's events
 * @param nextOffset  the first offset of that partition not in the model
 * @param events      events learned from, over the model's whole life (restarts included)
 * @param packets     packets learned from, over the model's whole life
 * @param lastEventUs timestamp of the newest event learned from, µs
 * @param wallTimeMs  when the checkpoint was taken
 * @param model       the model as its factory encodes it: a NACA model in the checkpoint format of
 *                    docs/checkpoint-format.md (version 2: with the state of its streams), an SBP or BackEISNN
 *                    model in its learner's own encoding
 * @param encoders    each stream's encoder state ({@link io.nacastream.encoder.EncoderState#toBytes()}), by stream
 * @param evaluation  the running evaluation of the model's verdicts and its count of them (empty: none saved)
 */
public record ModelCheckpoint(String streamId, String eventsTopic, int partition, long nextOffset, long events,
                              long packets, long lastEventUs, long wallTimeMs, byte[] model,
                              Map<String, byte[]> encoders, byte[] evaluation) {

    /** Copies the encoder states (in their order). */
    public ModelCheckpoint {
        encoders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(encoders));
    }

    /** A checkpoint without an evaluation (one written before models kept theirs). */
    public ModelCheckpoint(String streamId, String eventsTopic, int partition, long nextOffset, long events,
                           long packets, long lastEventUs, long wallTimeMs, byte[] model,
                           Map<String, byte[]> encoders) {
        this(streamId, eventsTopic, partition, nextOffset, events, packets, lastEventUs, wallTimeMs, model, encoders,
                new byte[0]);
    }

    /** A checkpoint without encoder states (a model whose streams start their filters afresh). */
    public ModelCheckpoint(String streamId, String eventsTopic, int partition, long nextOffset, long events,
                           long packets, long lastEventUs, long wallTimeMs, byte[] model) {
        this(streamId, eventsTopic, partition, nextOffset, events, packets, lastEventUs, wallTimeMs, model, Map.of());
    }
}
