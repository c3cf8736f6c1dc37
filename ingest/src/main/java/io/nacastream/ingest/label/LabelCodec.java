package io.nacastream.ingest.label;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * JSON form of a {@link LabelSegment} on the labels topic:
 * {@code {"streamId":"user07","classId":3,"startUs":1000000,"endUs":2500000,"learn":true}}.
 * {@code learn} is optional and defaults to true. Unknown fields are ignored.
 */
public final class LabelCodec {

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
            return new LabelSegment(
                    requiredText(node, "streamId"),
                    (int) requiredLong(node, "classId"),
                    requiredLong(node, "startUs"),
                    requiredLong(node, "endUs"),
                    !node.has("learn") || node.get("learn").asBoolean(true));
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
