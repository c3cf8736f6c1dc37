package io.nacastream.service.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Jackson for the dashboard's messages, with the one rule JSON needs from us: a number that is not finite is null. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A new empty object. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Puts {@code v}, or null if it is NaN or infinite. */
    static ObjectNode put(ObjectNode o, String field, double v) {
        return Double.isFinite(v) ? o.put(field, v) : o.putNull(field);
    }

    /** Adds {@code v}, or null if it is NaN or infinite. */
    static ArrayNode add(ArrayNode a, double v) {
        return Double.isFinite(v) ? a.add(v) : a.addNull();
    }

    /** {@code node} as compact JSON text. */
    static String text(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }
}
