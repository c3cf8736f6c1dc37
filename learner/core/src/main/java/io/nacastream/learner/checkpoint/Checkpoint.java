package io.nacastream.learner.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nacastream.encoder.InputGrid;
import io.nacastream.encoder.Roi;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.PendingSegment;
import io.nacastream.learner.StreamSnapshot;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaNetwork;
import io.nacastream.learner.readout.RidgeReadout;
import io.nacastream.learner.rule.ModulationTable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The versioned binary checkpoint of a NACA model (docs/checkpoint-format.md): magic {@code NACACKPT}, u16 version,
 * u16 reserved, u32 header length, a UTF-8 JSON header (config, seed, counters, shapes), the weight layers and the
 * modulation tables as little-endian float32 in [row][column] order, and a CRC-32C of everything before it. Every
 * length is checked against the bytes present before anything is allocated. The header may carry the model's
 * {@link ModelSchema} (input grid, region of interest, class names; absent in checkpoints written before it was
 * recorded). Per-stream neuron state (membranes, which decay within tens of milliseconds) is not saved.
 */
public final class Checkpoint {

    /** First eight bytes of every checkpoint. */
    public static final byte[] MAGIC = "NACACKPT".getBytes(StandardCharsets.US_ASCII);
    /** Version written by this code. */
    public static final int VERSION = 2;
    /** The oldest version this build still reads (version 1: no stream state). */
    public static final int OLDEST_READ = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FIXED = 16;

    /**
     * A model read from a checkpoint: its network (weights, tables, config), its operation counters, what its
     * inputs and outputs mean (empty for a checkpoint written before that was recorded), the learnable segments
     * it had recorded but not yet learned (strict test-then-train; none in older checkpoints) and the state of each
     * stream it had seen (none in version 1).
     */
    public record Model(NacaNetwork network, OpCounts counts, Optional<ModelSchema> schema,
                        List<PendingSegment> pending, List<StreamSnapshot> streams) {

        public Model {
            pending = List.copyOf(pending);
            streams = List.copyOf(streams);
        }
    }

    private Checkpoint() {
    }

    /** Writes the checkpoint of {@code network} and {@code counts} to {@code path} atomically (temp file + move). */
    public static void write(NacaNetwork network, OpCounts counts, Path path) throws IOException {
        write(network, counts, null, path);
    }

    /** As {@link #write(NacaNetwork, OpCounts, Path)}, recording {@code schema} (null: none). */
    public static void write(NacaNetwork network, OpCounts counts, ModelSchema schema, Path path)
            throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, encode(network, counts, schema));
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a checkpoint file; errors name the file and the byte offset. */
    public static Model read(Path path) throws IOException {
        try {
            return decode(Files.readAllBytes(path));
        } catch (CheckpointFormatException e) {
            throw e.in(path);
        }
    }

    /** The checkpoint bytes of {@code network} and {@code counts}, without a schema. */
    public static byte[] encode(NacaNetwork network, OpCounts counts) {
        return encode(network, counts, null);
    }

    /** The checkpoint bytes of {@code network} and {@code counts}, recording {@code schema} (null: none). */
    public static byte[] encode(NacaNetwork network, OpCounts counts, ModelSchema schema) {
        return encode(network, counts, schema, List.of());
    }

    /**
     * As {@link #encode(NacaNetwork, OpCounts, ModelSchema)}, also saving the {@code pending} segments (recorded,
     * not yet learned) after the tables.
     */
    public static byte[] encode(NacaNetwork network, OpCounts counts, ModelSchema schema,
                                List<PendingSegment> pending) {
        return encode(network, counts, schema, pending, List.of());
    }

    /**
     * As {@link #encode(NacaNetwork, OpCounts, ModelSchema, List)}, also saving each stream's state (neurons, votes,
     * clock: {@link io.nacastream.learner.naca.NacaLearner#streamSnapshots()}) after the pending segments.
     */
    public static byte[] encode(NacaNetwork network, OpCounts counts, ModelSchema schema,
                                List<PendingSegment> pending, List<StreamSnapshot> streams) {
        NacaConfig c = network.config();
        ObjectNode header = JSON.createObjectNode();
        header.put("algorithm", "naca");
        header.set("config", config(c));
        if (schema != null) {
            if (schema.grid().inputCount() != c.inputs() || schema.classes().count() != c.classes()) {
                throw new IllegalArgumentException("schema " + schema + " does not fit a network of " + c.inputs()
                        + " inputs and " + c.classes() + " classes");
            }
            header.set("schema", schema(schema));
        }
        header.set("counts", counts(counts));
        ArrayNode shapes = header.putArray("layers");
        long floats = 0;
        for (int l = 0; l < network.layers(); l++) {
            shapes.addObject().put("pre", c.preSize(l)).put("post", c.postSize(l));
            floats += (long) c.preSize(l) * c.postSize(l);
        }
        ArrayNode tables = header.putArray("tables");
        for (int l = 0; l < c.hiddenLayers(); l++) {
            tables.addObject().put("classes", c.classes()).put("units", c.postSize(l));
            floats += (long) c.classes() * c.postSize(l);
        }
        if (c.ridgeReadout()) {
            int h = network.readout().features();
            header.putObject("readout").put("features", h).put("classes", c.classes());
            floats += (long) h * c.classes() + 2L * h * h;
        }
        long trailingBytes = 0;
        if (!pending.isEmpty()) {
            ArrayNode p = header.putArray("pending");
            for (PendingSegment seg : pending) {
                LabelSegment ls = seg.segment();
                p.addObject().put("streamId", ls.streamId()).put("classId", ls.classId())
                        .put("startUs", ls.startUs()).put("endUs", ls.endUs()).put("spikes", seg.inputs().length)
                        .put("chunks", seg.chunkEnds().length).put("pooled", seg.pooled().length);
                trailingBytes += 12L * seg.inputs().length + 12L * seg.chunkEnds().length + 4L * seg.pooled().length;
            }
        }
        if (!streams.isEmpty()) {
            ArrayNode st = header.putArray("streams");
            for (StreamSnapshot state : streams) {
                st.addObject().put("streamId", state.streamId()).put("bytes", state.bytes().length);
                trailingBytes += state.bytes().length;
            }
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the checkpoint header", e);
        }
        long size = FIXED + json.length + 4 * floats + trailingBytes + 4;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("model too large for a single checkpoint: " + size + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt(json.length).put(json);
        for (int l = 0; l < network.layers(); l++) {
            for (int i = 0; i < c.preSize(l); i++) {
                for (int j = 0; j < c.postSize(l); j++) {
                    buf.putFloat(network.weight(l, i, j));
                }
            }
        }
        for (int l = 0; l < c.hiddenLayers(); l++) {
            ModulationTable t = network.modulation(l);
            for (int k = 0; k < c.classes(); k++) {
                for (int j = 0; j < c.postSize(l); j++) {
                    buf.putFloat(t.get(k, j));
                }
            }
        }
        if (c.ridgeReadout()) {
            for (float[] row : network.readout().weights()) {
                for (float v : row) {
                    buf.putFloat(v);
                }
            }
            for (double[] row : network.readout().inverse()) {
                for (double v : row) {
                    buf.putDouble(v);
                }
            }
        }
        for (PendingSegment seg : pending) {
            for (int v : seg.inputs()) {
                buf.putInt(v);
            }
            for (long v : seg.timesUs()) {
                buf.putLong(v);
            }
            for (int v : seg.chunkEnds()) {
                buf.putInt(v);
            }
            for (long v : seg.chunkEndUs()) {
                buf.putLong(v);
            }
            for (float v : seg.pooled()) {
                buf.putFloat(v);
            }
        }
        for (StreamSnapshot state : streams) {
            buf.put(state.bytes());
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    /** Decodes checkpoint bytes. */
    public static Model decode(byte[] bytes) {
        if (bytes.length < FIXED + 4) {
            throw new CheckpointFormatException("truncated: " + bytes.length + " bytes, a checkpoint has at least "
                    + (FIXED + 4), bytes.length);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new CheckpointFormatException("not a naca-stream checkpoint (bad magic)", i);
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int version = Short.toUnsignedInt(buf.getShort(8));
        if (version < OLDEST_READ || version > VERSION) {
            throw new CheckpointFormatException("unsupported checkpoint version " + version + " (this build reads "
                    + OLDEST_READ + " to " + VERSION + ")", 8);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != buf.getInt(bytes.length - 4)) {
            throw new CheckpointFormatException("CRC-32C mismatch: the checkpoint is corrupt", bytes.length - 4);
        }
        long jsonLength = Integer.toUnsignedLong(buf.getInt(12));
        if (FIXED + jsonLength > bytes.length - 4) {
            throw new CheckpointFormatException("header length " + jsonLength + " runs past the end", 12);
        }
        JsonNode header;
        NacaConfig config;
        OpCounts counts;
        Optional<ModelSchema> schema;
        List<LabelSegment> pendingSegments = new ArrayList<>();
        List<int[]> pendingSizes = new ArrayList<>();
        List<String> streamIds = new ArrayList<>();
        List<Integer> streamSizes = new ArrayList<>();
        long trailingBytes = 0;
        try {
            header = JSON.readTree(bytes, FIXED, (int) jsonLength);
            config = config(header.required("config"));
            counts = counts(header.required("counts"));
            schema = header.has("schema") ? Optional.of(schema(header.get("schema"))) : Optional.empty();
            for (JsonNode p : header.path("pending")) {
                pendingSegments.add(new LabelSegment(p.required("streamId").asText(), p.required("classId").intValue(),
                        p.required("startUs").longValue(), p.required("endUs").longValue(), true));
                int spikes = p.required("spikes").intValue();
                int chunks = p.required("chunks").intValue();
                int pooled = p.path("pooled").asInt(0);
                if (spikes < 0 || chunks < 0 || pooled < 0) {
                    throw new IllegalArgumentException("negative pending sizes");
                }
                pendingSizes.add(new int[] {spikes, chunks, pooled});
                trailingBytes += 12L * spikes + 12L * chunks + 4L * pooled;
            }
            if (version < 2 && header.has("streams")) {
                throw new IllegalArgumentException("stream state in a version-1 checkpoint");
            }
            for (JsonNode st : header.path("streams")) {
                int size = st.required("bytes").intValue();
                if (size < 0) {
                    throw new IllegalArgumentException("negative stream state size");
                }
                streamIds.add(st.required("streamId").asText());
                streamSizes.add(size);
                trailingBytes += size;
            }
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new CheckpointFormatException("bad header: " + e.getMessage(), FIXED);
        }
        if (schema.isPresent() && (schema.get().grid().inputCount() != config.inputs()
                || schema.get().classes().count() != config.classes())) {
            throw new CheckpointFormatException("bad header: the schema's grid " + schema.get().grid() + " and "
                    + schema.get().classes().count() + " classes do not fit the config's " + config.inputs()
                    + " inputs and " + config.classes() + " classes", FIXED);
        }
        long expected = 0;
        for (int l = 0; l <= config.hiddenLayers(); l++) {
            expected += (long) config.preSize(l) * config.postSize(l);
        }
        for (int l = 0; l < config.hiddenLayers(); l++) {
            expected += (long) config.classes() * config.postSize(l);
        }
        int features = config.postSize(config.hiddenLayers() - 1);
        if (config.ridgeReadout()) {
            expected += (long) features * config.classes() + 2L * features * features;
        }
        long body = bytes.length - 4 - FIXED - jsonLength;
        if (body != 4 * expected + trailingBytes) {
            throw new CheckpointFormatException("the config needs " + 4 * expected + " bytes of weights and tables"
                    + (trailingBytes > 0 ? " and the pending segments and stream states " + trailingBytes : "")
                    + ", found " + body,
                    FIXED + jsonLength);
        }
        buf.position((int) (FIXED + jsonLength));
        float[][][] w = new float[config.hiddenLayers() + 1][][];
        for (int l = 0; l < w.length; l++) {
            w[l] = new float[config.preSize(l)][config.postSize(l)];
            for (float[] col : w[l]) {
                buf.asFloatBuffer().get(col);
                buf.position(buf.position() + 4 * col.length);
            }
        }
        ModulationTable[] tables = new ModulationTable[config.hiddenLayers()];
        for (int l = 0; l < tables.length; l++) {
            float[][] t = new float[config.classes()][config.postSize(l)];
            for (float[] row : t) {
                buf.asFloatBuffer().get(row);
                buf.position(buf.position() + 4 * row.length);
            }
            tables[l] = ModulationTable.of(t);
        }
        RidgeReadout readout = null;
        if (config.ridgeReadout()) {
            float[][] rw = new float[features][config.classes()];
            for (float[] row : rw) {
                buf.asFloatBuffer().get(row);
                buf.position(buf.position() + 4 * row.length);
            }
            double[][] rp = new double[features][features];
            for (double[] row : rp) {
                buf.asDoubleBuffer().get(row);
                buf.position(buf.position() + 8 * row.length);
            }
            readout = new RidgeReadout(rw, rp);
        }
        List<PendingSegment> pending = new ArrayList<>();
        for (int i = 0; i < pendingSegments.size(); i++) {
            int spikes = pendingSizes.get(i)[0];
            int chunks = pendingSizes.get(i)[1];
            int[] inputs = new int[spikes];
            long[] times = new long[spikes];
            int[] ends = new int[chunks];
            long[] endUs = new long[chunks];
            buf.asIntBuffer().get(inputs);
            buf.position(buf.position() + 4 * spikes);
            buf.asLongBuffer().get(times);
            buf.position(buf.position() + 8 * spikes);
            buf.asIntBuffer().get(ends);
            buf.position(buf.position() + 4 * chunks);
            buf.asLongBuffer().get(endUs);
            buf.position(buf.position() + 8 * chunks);
            float[] pooled = new float[pendingSizes.get(i)[2]];
            buf.asFloatBuffer().get(pooled);
            buf.position(buf.position() + 4 * pooled.length);
            try {
                pending.add(new PendingSegment(pendingSegments.get(i), inputs, times, ends, endUs, pooled));
            } catch (IllegalArgumentException e) {
                throw new CheckpointFormatException("bad pending segment " + i + ": " + e.getMessage(), FIXED);
            }
        }
        List<StreamSnapshot> streams = new ArrayList<>();
        for (int i = 0; i < streamIds.size(); i++) {
            byte[] state = new byte[streamSizes.get(i)];
            buf.get(state);
            streams.add(new StreamSnapshot(streamIds.get(i), state));
        }
        return new Model(new NacaNetwork(config, w, tables, readout), counts, schema, pending, streams);
    }

    private static ObjectNode schema(ModelSchema s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("gridWidth", s.grid().width()).put("gridHeight", s.grid().height())
                .put("inputs", s.grid().inputCount());
        if (s.grid().roi().isPresent()) {
            Roi r = s.grid().roi().get();
            n.putArray("roi").add(r.x()).add(r.y()).add(r.width()).add(r.height());
        } else {
            n.putNull("roi");
        }
        ArrayNode names = n.putArray("classNames");
        s.classes().names().forEach(names::add);
        return n;
    }

    private static ModelSchema schema(JsonNode n) {
        JsonNode roi = n.get("roi");
        Optional<Roi> r = roi == null || roi.isNull() ? Optional.empty() : Optional.of(new Roi(
                roi.required(0).intValue(), roi.required(1).intValue(), roi.required(2).intValue(),
                roi.required(3).intValue()));
        List<String> names = new ArrayList<>();
        n.required("classNames").forEach(c -> names.add(c.asText()));
        return new ModelSchema(new InputGrid(n.required("gridWidth").intValue(), n.required("gridHeight").intValue(),
                r), new ClassNames(names));
    }

    private static ObjectNode config(NacaConfig c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("inputs", c.inputs());
        ArrayNode hidden = n.putArray("hiddenSizes");
        c.hiddenSizes().forEach(hidden::add);
        n.put("classes", c.classes()).put("mode", c.mode().name()).put("tickUs", c.tickUs())
                .put("decayPerTick", c.decayPerTick()).put("threshold", c.threshold()).put("lens", c.lens())
                .put("hiddenTauUs", c.hiddenTauUs()).put("outputTauUs", c.outputTauUs())
                .put("plasticityWindowUs", c.plasticityWindowUs()).put("rateTauUs", c.rateTauUs())
                .put("fullRateHz", c.fullRateHz()).put("etaHidden", c.etaHidden()).put("etaOutput", c.etaOutput())
                .put("lambda", c.lambda()).put("thetaMax", c.thetaMax()).put("maskDelta", c.maskDelta())
                .put("maskWindowUs", c.maskWindowUs()).put("seed", c.seed()).put("weightBound", c.weightBound())
                .put("readout", c.readout().name()).put("readoutRidge", c.readoutRidge())
                .put("hiddenRule", c.hiddenRule().name());
        return n;
    }

    private static NacaConfig config(JsonNode n) {
        List<Integer> hidden = new ArrayList<>();
        n.required("hiddenSizes").forEach(h -> hidden.add(h.intValue()));
        return new NacaConfig(n.required("inputs").intValue(), hidden, n.required("classes").intValue(),
                NacaConfig.Mode.valueOf(n.required("mode").asText()), n.required("tickUs").longValue(),
                n.required("decayPerTick").floatValue(), n.required("threshold").floatValue(),
                n.required("lens").floatValue(), n.required("hiddenTauUs").longValue(),
                n.required("outputTauUs").longValue(), n.required("plasticityWindowUs").longValue(),
                n.required("rateTauUs").longValue(), n.required("fullRateHz").doubleValue(),
                n.required("etaHidden").floatValue(), n.required("etaOutput").floatValue(),
                n.required("lambda").doubleValue(), n.required("thetaMax").doubleValue(),
                n.required("maskDelta").floatValue(), n.required("maskWindowUs").longValue(),
                n.required("seed").longValue(), optionalFloat(n, "weightBound"),
                NacaConfig.Readout.valueOf(n.path("readout").asText("SPIKES")), n.path("readoutRidge").asDouble(0.1),
                NacaConfig.HiddenRule.valueOf(n.path("hiddenRule").asText("NACA")));
    }

    /** A field added after version 1 was written: absent in older checkpoints, where it was 0 (off). */
    private static float optionalFloat(JsonNode n, String field) {
        return n.has(field) ? n.get(field).floatValue() : 0f;
    }

    private static ObjectNode counts(OpCounts c) {
        ObjectNode n = JSON.createObjectNode().put("events", c.events()).put("cpuNanos", c.cpuNanos());
        ArrayNode layers = n.putArray("layers");
        for (LayerCounts l : c.layers()) {
            ObjectNode o = layers.addObject().put("layer", l.layer()).put("spikes", l.spikes());
            o.set("forward", JSON.valueToTree(l.forward().toArray()));
            o.set("learning", JSON.valueToTree(l.learning().toArray()));
        }
        return n;
    }

    private static OpCounts counts(JsonNode n) {
        List<LayerCounts> layers = new ArrayList<>();
        for (JsonNode l : n.required("layers")) {
            Ops forward;
            Ops learning;
            if (l.has("forward")) {
                forward = Ops.of(longs(l.required("forward")));
                learning = Ops.of(longs(l.required("learning")));
            } else {   // counters written before the energy convention of issue 18: adds, MACs, reads, updates
                forward = Ops.NONE.adds(l.required("forwardAcs").longValue())
                        .macs(l.required("forwardMacs").longValue())
                        .weightReads(l.required("forwardWeightReads").longValue());
                learning = Ops.NONE.adds(l.required("learningAcs").longValue())
                        .macs(l.required("learningMacs").longValue())
                        .weightReads(l.required("learningWeightReads").longValue())
                        .weightWrites(l.required("weightUpdates").longValue());
            }
            layers.add(new LayerCounts(l.required("layer").asText(), forward, learning,
                    l.required("spikes").longValue()));
        }
        return new OpCounts(n.required("events").longValue(), n.required("cpuNanos").longValue(), layers);
    }

    private static long[] longs(JsonNode array) {
        long[] a = new long[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).longValue();
        }
        return a;
    }
}
