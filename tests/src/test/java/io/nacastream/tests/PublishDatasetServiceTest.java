package io.nacastream.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.cli.PublishCommand;
import io.nacastream.ingest.dataset.SyntheticSampleDataset;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.kafka.LabelCodec;
import io.nacastream.ingest.kafka.RecordDecoder;
import io.nacastream.ingest.kafka.StreamItem;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.service.StreamService;
import io.nacastream.service.command.CommandContext;
import io.nacastream.service.config.ServiceConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.nacastream.tests.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code publish --dataset}: a class-folder dataset streamed into Kafka as one labelled stream (training samples for
 * two epochs, then the held-out test samples), and a running service that learns it live and names the classes in
 * its verdicts; a damaged sample stops the publish with an error naming the file.
 */
@ExtendWith(SharedBroker.class)
class PublishDatasetServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CLASSES = {"bottom", "middle", "top"};

    @TempDir
    Path dir;

    private static int publish(StringBuilder text, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(0, "--bootstrap=" + SharedBroker.bootstrap());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new PublishCommand().run(all.toArray(String[]::new), new CommandContext(Map.of(),
                new ByteArrayInputStream(new byte[0]), out, out, Clock.systemUTC()));
        text.append(bytes.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void aDatasetIsPublishedAsOneLabelledStreamAndLearnedLive() throws Exception {
        SyntheticSampleDataset.write(dir, CLASSES, 4, 1, 5);
        long trainEvents = 12L * SyntheticSampleDataset.EVENTS;
        long testEvents = 3L * SyntheticSampleDataset.EVENTS;
        StringBuilder text = new StringBuilder();
        assertEquals(0, publish(text, "--dataset=" + dir, "--epochs=2", "--seed=3", "--stream-id=bars",
                "--topic=ds.events", "--labels-topic=ds.labels", "--gap-ms=50"), text.toString());
        assertTrue(text.toString().contains("--learner.classes=bottom,middle,top"), text.toString());
        assertTrue(text.toString().contains("published dataset"), text.toString());

        List<LabelSegment> labels = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : SinkTopicReader.readAll(SharedBroker.bootstrap(), "ds.labels")) {
            labels.add(LabelCodec.decode(r.value()));
        }
        assertEquals(2 * 12 + 3, labels.size());
        for (int i = 0; i < labels.size(); i++) {
            LabelSegment s = labels.get(i);
            assertEquals("bars", s.streamId());
            assertEquals(i < 24, s.learn(), "two epochs learned, then the test samples held out");
            if (i > 0) {
                assertEquals(labels.get(i - 1).endUs() + 50_000, s.startUs(), "a 50 ms gap between samples");
            }
        }
        long events = 0;
        RecordDecoder decoder = new RecordDecoder("ds.events", "ds.labels");
        int segment = 0;
        for (ConsumerRecord<byte[], byte[]> r : SinkTopicReader.readAll(SharedBroker.bootstrap(), "ds.events")) {
            EventPacket p = ((StreamItem.Packet) decoder.decode(r)).packet();
            assertEquals(34, p.width());
            for (int i = 0; i < p.size(); i++) {
                while (p.timestampUs(i) > labels.get(segment).endUs()) {
                    segment++;
                }
                int row = SyntheticSampleDataset.row(labels.get(segment).classId(), CLASSES.length);
                assertTrue(p.timestampUs(i) >= labels.get(segment).startUs());
                assertTrue(p.y(i) >= row && p.y(i) < row + 4, "each event lies in its sample's segment");
            }
            events += p.size();
        }
        assertEquals(2 * trainEvents + testEvents, events);

        ServiceConfig config = TestServices.config("ds", "learner.mode=event",
                "learner.classes=bottom,middle,top");
        try (StreamService service = new StreamService(config, SharedBroker.bootstrap(), Clock.systemUTC()).start()) {
            long all = events;
            await("every event learned", () -> service.view().events() == all);
            await("a verdict per sample", () -> verdicts().size() == 27);
        }
        List<JsonNode> verdicts = verdicts();
        assertEquals(24, verdicts.stream().filter(v -> v.get("learned").asBoolean()).count());
        assertAll(verdicts.stream().map(v -> () -> assertEquals(CLASSES[v.get("label").asInt()],
                v.get("labelName").asText(), v.toString())));
    }

    private static List<JsonNode> verdicts() {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : SinkTopicReader.readAll(SharedBroker.bootstrap(), "ds.predictions")) {
            try {
                JsonNode n = JSON.readTree(r.value());
                if (n.get("type").asText().equals("segment")) {
                    out.add(n);
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    @Test
    void aDamagedSampleStopsThePublishNamingIt() throws Exception {
        SyntheticSampleDataset.write(dir, new String[] {"a"}, 1, 0, 1);
        Files.createDirectories(dir.resolve("train/b"));
        Files.write(dir.resolve("train/b/cut.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7});
        StringBuilder text = new StringBuilder();
        assertEquals(1, publish(text, "--dataset=" + dir, "--topic=dsbad.events", "--labels-topic=dsbad.labels"));
        assertTrue(text.toString().contains("cut.bin") && text.toString().contains("truncated"), text.toString());
        StringBuilder noDataset = new StringBuilder();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> publish(noDataset, "--dataset=" + dir.resolve("train")));
        assertFalse(e.getMessage().isBlank());
    }
}
