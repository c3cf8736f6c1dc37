package io.nacastream.ingest.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.wire.PacketCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON form of a {@link LabelSegment} on the labels topic:
 * {@code {"streamId":"user07","classId":3,"startUs":1000000,"endUs":2500000,"learn":true}}.
 * {@code learn} is optional and defaults to true. Unknown fields are ignored. The stream id has at most
 * {@value #MAX_STREAM_ID_BYTES} UTF-8 bytes.
 */
public final class LabelCodec {

    /** Longest stream id, in UTF-8 bytes (as for the sensor id of a packet). */
    public static final int MAX_STREAM_ID_BYTES = PacketCodec.MAX_SENSOR_ID_BYTES;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LabelCodec() {
    }

    /** Serializes a segment to UTF-8 JSON bytes. */
    public static byte[] encode(LabelSegment segment) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("streamId", segment.streamId())
                .put("classId", segment.classId())
                .put("startUs", segment.startUs())
                .put("endUs", segment.endUs())
                .put("learn", segment.learn());
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + segment, e);
        }
    }

    /** Parses a segment, or throws {@link MalformedLabelException} naming the problem. */
    public static LabelSegment decode(byte[] json) {
        if (json == null) {
            throw new MalformedLabelException("null label payload", null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new MalformedLabelException("label is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedLabelException("label must be a JSON object", null);
        }
        try {
            String streamId = requiredText(node, "streamId");
            if (streamId.getBytes(StandardCharsets.UTF_8).length > MAX_STREAM_ID_BYTES) {
                throw new IllegalArgumentException("field 'streamId' is longer than " + MAX_STREAM_ID_BYTES
                        + " UTF-8 bytes");
            }
            long classId = requiredLong(node, "classId");
            if (classId < 0 || classId > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("field 'classId' must be in 0.." + Integer.MAX_VALUE + ", got "
                        + classId);
            }
            JsonNode learn = node.get("learn");
            if (learn != null && !learn.isBoolean()) {
                throw new IllegalArgumentException("field 'learn' must be true or false");
            }
            return new LabelSegment(streamId, (int) classId, requiredLong(node, "startUs"), requiredLong(node, "endUs"),
                    learn == null || learn.booleanValue());
        } catch (IllegalArgumentException e) {
            throw new MalformedLabelException("invalid label: " + e.getMessage(), e);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static long requiredLong(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer");
        }
        return v.asLong();
    }
}
