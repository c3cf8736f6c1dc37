package io.nacastream.tests;

import io.nacastream.cli.PublishCommand;
import io.nacastream.ingest.dvsgesture.SyntheticGestureDataset;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.kafka.LabelCodec;
import io.nacastream.ingest.kafka.RecordDecoder;
import io.nacastream.ingest.kafka.StreamItem;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.nacs.NacsWriter;
import io.nacastream.ingest.recording.open.Recordings;
import io.nacastream.service.command.CommandContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code publish} against the real in-process broker: a real recording in our format and unconverted EVT 3.0, a
 * labelled DVS128 Gesture-layout directory, and our format from standard input; what lands on the topics decodes
 * to exactly the events of the file readers, labels first.
 */
@ExtendWith(SharedBroker.class)
class PublishCommandBrokerTest {


    @TempDir
    Path dir;

    private static Path real(String relative) {
        Path f = Path.of(System.getProperty("naca.shared.dir", "../../shared")).resolve("data/real").resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(f), "real recording " + f + " is absent (see ../shared/data/real)");
        return f;
    }

    private static String publish(String... args) throws Exception {
        return publish(new ByteArrayInputStream(new byte[0]), args);
    }

    private static String publish(java.io.InputStream stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.add(0, "--bootstrap=" + SharedBroker.bootstrap());
        int code = new PublishCommand().run(all.toArray(String[]::new), new CommandContext(Map.of(), stdin,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC()));
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        return text;
    }

    private static List<long[]> fileEvents(Path file) throws IOException {
        List<long[]> all = new ArrayList<>();
        try (EventReader reader = Recordings.open(file, ReadOptions.defaults())) {
            EventBatch b = new EventBatch(8192);
            while (reader.read(b) > 0) {
                for (int i = 0; i < b.size(); i++) {
                    all.add(new long[] {b.timestampUs(i), b.x(i), b.y(i), b.on(i) ? 1 : 0});
                }
            }
        }
        return all;
    }

    private static List<long[]> topicEvents(String topic, String stream) {
        RecordDecoder decoder = new RecordDecoder(topic, topic + ".labels");
        List<long[]> all = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : SinkTopicReader.readAll(SharedBroker.bootstrap(), topic)) {
            if (!new String(r.key(), StandardCharsets.UTF_8).equals(stream)) {
                continue;
            }
            EventPacket p = assertInstanceOf(StreamItem.Packet.class, decoder.decode(r)).packet();
            for (int i = 0; i < p.size(); i++) {
                all.add(new long[] {p.timestampUs(i), p.x(i), p.y(i), p.on(i) ? 1 : 0});
            }
        }
        return all;
    }

    private static void assertSame(List<long[]> want, List<long[]> got) {
        assertEquals(want.size(), got.size(), "event count");
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), "event " + i);
        }
    }

    @Test
    void realEvt3RecordingInOurFormatAndUnconverted() throws Exception {
        Path file = real("evt3/evt3_sample.raw");
        String text = publish("--topic=hd", "--labels-topic=hd.labels", "--quiet", file.toString());
        assertTrue(text.contains("published evt3_sample: 219,596 events"), text);
        assertSame(fileEvents(file), topicEvents("hd", "evt3_sample"));

        publish("--topic=hd3", "--labels-topic=hd3.labels", "--encoding=evt3", "--packet-events=1000", "--quiet",
                file.toString());
        List<ConsumerRecord<byte[], byte[]>> records = SinkTopicReader.readAll(SharedBroker.bootstrap(), "hd3");
        assertTrue(records.size() >= 220, "many records, EVT3 state carried across them: " + records.size());
        assertEquals("evt3", new String(records.get(0).headers().lastHeader("naca.encoding").value(),
                StandardCharsets.UTF_8));
        assertSame(fileEvents(file), topicEvents("hd3", "evt3_sample"));
    }

    @Test
    void labelledDirectoryPublishesLabelsFirstAndEveryTrial() throws Exception {
        SyntheticGestureDataset.write(dir, 5, 2, 1, 300_000, 100_000);
        long t0 = System.nanoTime();
        String text = publish("--topic=gest", "--labels-topic=gest.labels", "--speed=10x", dir.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        // 3 trials of 11 x (0.3 s take + 0.1 s gap) = 13.2 s of recording, paced at 10x: at least ~1.3 s
        assertTrue(seconds >= 1.2, "paced at 10x, took " + seconds + " s");
        assertTrue(text.contains("published 3 recordings"), text);
        assertTrue(text.contains("events/s") || text.contains("M ev/s"), text);
        List<ConsumerRecord<byte[], byte[]>> labels = SinkTopicReader.readAll(SharedBroker.bootstrap(), "gest.labels");
        assertEquals(33, labels.size(), "11 label segments per trial");
        LabelSegment first = LabelCodec.decode(labels.get(0).value());
        assertEquals("user01_synthetic", first.streamId());
        for (String stream : List.of("user01_synthetic", "user02_synthetic", "user03_synthetic")) {
            assertSame(fileEvents(dir.resolve(stream + ".aedat")), topicEvents("gest", stream));
        }
    }

    @Test
    void ourFormatFromStandardInput() throws Exception {
        Path file = real("nmnist/sample_nmnist.bin");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NacsWriter writer = new NacsWriter(bytes);
        List<long[]> events = fileEvents(file);
        EventPacket.Builder b = EventPacket.builder("digit", 34, 34, events.size());
        events.forEach(e -> b.add((int) e[1], (int) e[2], e[3] == 1, e[0]));
        writer.write(b.build());
        String text = publish(new ByteArrayInputStream(bytes.toByteArray()), "--topic=pipe",
                "--labels-topic=pipe.labels", "--stream-id=cam7", "-");
        assertTrue(text.contains("published cam7: 4,325 events"), text);
        assertSame(events, topicEvents("pipe", "cam7"));
    }
}
