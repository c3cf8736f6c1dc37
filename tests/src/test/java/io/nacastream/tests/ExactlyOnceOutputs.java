package io.nacastream.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nacastream.ingest.kafka.KafkaTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One run of the exactly-once scenarios: its topics and group (named after a prefix), the recorded input published to
 * them, the child-process options of its services, and what a read_committed consumer sees on its outputs, per key.
 */
final class ExactlyOnceOutputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int PARTITIONS = 2;

    final String prefix;
    final String bootstrap;

    ExactlyOnceOutputs(String prefix, String bootstrap) throws Exception {
        this.prefix = prefix;
        this.bootstrap = bootstrap;
        KafkaTopics.ensure(bootstrap, List.of(events(), labels()), PARTITIONS);
    }

    String events() {
        return prefix + ".events";
    }

    String labels() {
        return prefix + ".labels";
    }

    String group() {
        return prefix;
    }

    /** Options of a service of this run: tick mode, 2 live models (evictions), checkpoints every 700 ms. */
    List<String> options(String... more) {
        List<String> o = new ArrayList<>(List.of("--bootstrap.servers=" + bootstrap, "--topic.events=" + events(),
                "--topic.labels=" + labels(), "--topic.predictions=" + prefix + ".predictions",
                "--topic.energy=" + prefix + ".energy", "--topic.dead-letter=" + prefix + ".dead-letter",
                "--checkpoint.topic=" + prefix + ".checkpoints", "--group.id=" + group(),
                "--topic.partitions=" + PARTITIONS, "--checkpoint.interval-ms=700", "--models.max-live=2",
                "--learner.mode=tick", "--learner.kernel=scalar", "--evaluation.interval-segments=3"));
        o.addAll(List.of(more));
        return o;
    }

    /** Starts a service of this run as a child process with {@code jvm} options before the main class. */
    ServiceProcess start(Path dir, String name, List<String> jvm, String... more) throws IOException {
        List<String> launch = new ArrayList<>(jvm);
        launch.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.nacastream.cli.Main", "service"));
        return ServiceProcess.start(dir, name, 768, launch, options(more));
    }

    /** True once the group has committed the end of every events partition. */
    boolean done() {
        return StagedStreams.committedAtEnd(bootstrap, group(), events());
    }

    /**
     * What a read_committed consumer of the predictions topic sees, per key (a stream, or a partition's
     * evaluation), in order, with the wall-clock time of processing removed.
     */
    Map<String, List<String>> committedOutputs() throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : SinkTopicReader.readCommitted(bootstrap, prefix + ".predictions")) {
            ObjectNode n = (ObjectNode) JSON.readTree(r.value());
            n.remove("wallTimeMs");
            out.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(JSON.writeValueAsString(n));
        }
        return out;
    }

    /** Counts of prediction, segment and evaluation records among {@code outputs}. */
    static Map<String, Integer> kinds(Map<String, List<String>> outputs) throws IOException {
        Map<String, Integer> k = new TreeMap<>();
        for (List<String> list : outputs.values()) {
            for (String s : list) {
                JsonNode n = JSON.readTree(s);
                k.merge(n.get("type").asText(), 1, Integer::sum);
            }
        }
        return k;
    }

    /**
     * Asserts that this run's committed outputs are those of {@code reference}, key by key and record by record, and
     * that its checkpoints hold every published event learned once.
     */
    void assertSameAs(Map<String, List<String>> reference) throws Exception {
        Map<String, List<String>> outputs = committedOutputs();
        assertEquals(reference.keySet(), outputs.keySet(), "the streams and partitions with outputs");
        for (String key : reference.keySet()) {
            List<String> want = reference.get(key);
            List<String> got = outputs.get(key);
            for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
                assertEquals(want.get(i), got.get(i), prefix + ": record " + i + " of key " + key);
            }
            assertEquals(want.size(), got.size(), prefix + ": records of key " + key);
        }
        Map<String, Integer> kinds = kinds(outputs);
        assertTrue(kinds.getOrDefault("segment", 0) > 0 && kinds.getOrDefault("evaluation", 0) > 0,
                "verdicts and evaluations were compared: " + kinds);
        assertEquals(0, SinkTopicReader.readCommitted(bootstrap, prefix + ".dead-letter").size(), "dead letters");
        StagedStreams.assertLearnedExactlyOnce(bootstrap, events(), prefix + ".checkpoints",
                StagedStreams.published(bootstrap, events()), PARTITIONS);
    }
}
