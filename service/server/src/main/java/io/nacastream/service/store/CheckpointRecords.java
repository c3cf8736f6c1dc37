package io.nacastream.service.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.checkpoint.CheckpointFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Bytes of the service's checkpoint records (docs/checkpoint-format.md, "Service checkpoint records"): magic
 * {@code NACASVC1}, u32 header length, UTF-8 JSON header, the model in the checkpoint format (model records only),
 * u32 CRC-32C of everything before it; little-endian. Keys: {@code model/<stream>} and
 * {@code partition/<topic>/<n>}.
 */
public final class CheckpointRecords {

    /** First 8 bytes of every record. */
    public static final byte[] MAGIC = "NACASVC1".getBytes(StandardCharsets.US_ASCII);

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointRecords() {
    }

    /** Record key of a stream's model. */
    public static String modelKey(String streamId) {
        return "model/" + streamId;
    }

    /** Record key of a partition's offsets and labels. */
    public static String partitionKey(String eventsTopic, int partition) {
        return "partition/" + eventsTopic + "/" + partition;
    }

    /** Encodes a model checkpoint. */
    public static byte[] encode(ModelCheckpoint m) {
        ObjectNode h = JSON.createObjectNode().put("kind", "model").put("streamId", m.streamId())
                .put("eventsTopic", m.eventsTopic()).put("partition", m.partition())
                .put("nextOffset", m.nextOffset()).put("events", m.events()).put("packets", m.packets())
                .put("lastEventUs", m.lastEventUs()).put("wallTimeMs", m.wallTimeMs());
        if (m.encoders().isEmpty() && m.evaluation().length == 0) {
            return envelope(h, m.model());
        }
        h.put("modelBytes", m.model().length);
        ArrayNode encoders = h.putArray("encoders");
        List<byte[]> body = new ArrayList<>();
        body.add(m.model());
        m.encoders().forEach((stream, state) -> {
            encoders.addObject().put("streamId", stream).put("bytes", state.length);
            body.add(state);
        });
        h.put("evaluationBytes", m.evaluation().length);
        body.add(m.evaluation());
        return envelope(h, body.toArray(new byte[0][]));   // one allocation: records run to tens of MB
    }

    /** Encodes a partition checkpoint. */
    public static byte[] encode(PartitionCheckpoint p) {
        ObjectNode h = JSON.createObjectNode().put("kind", "partition").put("eventsTopic", p.eventsTopic())
                .put("partition", p.partition()).put("eventsOffset", p.eventsOffset())
                .put("labelsTopic", p.labelsTopic()).put("labelsOffset", p.labelsOffset())
                .put("wallTimeMs", p.wallTimeMs());
        ArrayNode labels = h.putArray("labels");
        for (LabelSegment s : p.labels()) {
            labels.addObject().put("streamId", s.streamId()).put("classId", s.classId()).put("startUs", s.startUs())
                    .put("endUs", s.endUs()).put("learn", s.learn());
        }
        return envelope(h, new byte[0]);
    }

    /** Decodes a record: a {@link ModelCheckpoint} or a {@link PartitionCheckpoint}; throws naming the problem. */
    public static Object decode(byte[] bytes) {
        if (bytes == null || bytes.length < MAGIC.length + 8) {
            throw new CheckpointFormatException("checkpoint record of " + (bytes == null ? 0 : bytes.length)
                    + " bytes is shorter than its envelope", 0);
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CheckpointFormatException("not a service checkpoint record (magic is not NACASVC1)", 0);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int crcAt = bytes.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, crcAt);
        if ((int) crc.getValue() != b.getInt(crcAt)) {
            throw new CheckpointFormatException("checkpoint record CRC mismatch (damaged or cut short)", crcAt);
        }
        long headerLength = Integer.toUnsignedLong(b.getInt(MAGIC.length));
        int headerAt = MAGIC.length + 4;
        if (headerLength > crcAt - headerAt) {
            throw new CheckpointFormatException("header length " + headerLength + " passes the end of the record",
                    MAGIC.length);
        }
        JsonNode h;
        try {
            h = JSON.readTree(bytes, headerAt, (int) headerLength);
        } catch (IOException e) {
            throw new CheckpointFormatException("checkpoint record header is not JSON: " + e.getMessage(), headerAt);
        }
        int bodyAt = headerAt + (int) headerLength;
        try {
            return switch (text(h, "kind")) {
                case "model" -> model(h, bytes, bodyAt, crcAt);
                case "partition" -> partition(h);
                default -> throw new IllegalArgumentException("unknown kind '" + text(h, "kind") + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException("checkpoint record header: " + e.getMessage(), headerAt);
        }
    }

    /**
     * A model record from its header and the body {@code bytes[from, end)}: the model, then (when the header lists
     * them) its streams' encoder states and its evaluation, each copied out once.
     */
    private static ModelCheckpoint model(JsonNode h, byte[] bytes, int from, int end) {
        int to = end;
        byte[] evaluation = new byte[0];
        if (h.has("evaluationBytes")) {
            long n = number(h, "evaluationBytes");
            if (n < 0 || n > end - from) {
                throw new IllegalArgumentException("evaluation length " + n + " outside the record's "
                        + (end - from) + " bytes of body");
            }
            to = (int) (end - n);
            evaluation = Arrays.copyOfRange(bytes, to, end);
        }
        int modelEnd = to;
        Map<String, byte[]> encoders = new LinkedHashMap<>();
        if (h.has("encoders")) {
            long modelBytes = number(h, "modelBytes");
            if (modelBytes < 0 || modelBytes > to - from) {
                throw new IllegalArgumentException("model length " + modelBytes + " outside the record's "
                        + (to - from) + " bytes of body");
            }
            long at = from + modelBytes;
            for (JsonNode e : h.get("encoders")) {
                long n = number(e, "bytes");
                if (n < 0 || at + n > to) {
                    throw new IllegalArgumentException("encoder states run past the record's " + (to - from)
                            + " bytes of body");
                }
                encoders.put(text(e, "streamId"), Arrays.copyOfRange(bytes, (int) at, (int) (at + n)));
                at += n;
            }
            if (at != to) {
                throw new IllegalArgumentException("the model (" + modelBytes + " bytes) and encoder states do not "
                        + "add up to the record's " + (to - from) + " bytes of body");
            }
            modelEnd = (int) (from + modelBytes);
        }
        return new ModelCheckpoint(text(h, "streamId"), text(h, "eventsTopic"), (int) number(h, "partition"),
                number(h, "nextOffset"), number(h, "events"), number(h, "packets"), number(h, "lastEventUs"),
                number(h, "wallTimeMs"), Arrays.copyOfRange(bytes, from, modelEnd), encoders, evaluation);
    }

    private static PartitionCheckpoint partition(JsonNode h) {
        List<LabelSegment> labels = new ArrayList<>();
        JsonNode array = h.get("labels");
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("missing 'labels' array");
        }
        for (JsonNode s : array) {
            labels.add(new LabelSegment(text(s, "streamId"), (int) number(s, "classId"), number(s, "startUs"),
                    number(s, "endUs"), s.path("learn").asBoolean(true)));
        }
        return new PartitionCheckpoint(text(h, "eventsTopic"), (int) number(h, "partition"),
                number(h, "eventsOffset"), text(h, "labelsTopic"), number(h, "labelsOffset"), labels,
                number(h, "wallTimeMs"));
    }

    private static byte[] envelope(ObjectNode header, byte[]... body) {
        byte[] h;
        try {
            h = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a checkpoint header", e);
        }
        long bodyLength = 0;
        for (byte[] part : body) {
            bodyLength += part.length;
        }
        if (MAGIC.length + 8L + h.length + bodyLength > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("checkpoint record too large: " + bodyLength + " bytes of body");
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + h.length + (int) bodyLength + 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(h.length).put(h);
        for (byte[] part : body) {
            b.put(part);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing text field '" + field + "'");
        }
        return v.asText();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("missing integer field '" + field + "'");
        }
        return v.asLong();
    }
}
