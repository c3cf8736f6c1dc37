package io.nacastream.tests;

import io.nacastream.cli.PublishCommand;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.kafka.LabelCodec;
import io.nacastream.ingest.kafka.PayloadEncoding;
import io.nacastream.ingest.kafka.Producers;
import io.nacastream.ingest.kafka.RecordDecoder;
import io.nacastream.ingest.kafka.StreamItem;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.publish.RecordingPublisher;
import io.nacastream.ingest.publish.RecordingReplay;
import io.nacastream.ingest.publish.ReplayLabels;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.MonotonicTime;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.nacs.NacsWriter;
import io.nacastream.ingest.recording.open.Recordings;
import io.nacastream.service.command.CommandContext;
import io.nacastream.service.command.CommandRunner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
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
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code publish --loop} and {@code --labels=cycle:MS} against the real in-process broker, on real recordings of
 * ../shared/data/real: whole passes give passes × events, each pass the file's events shifted by one period (span
 * plus the seam gap) in our format and in a camera's own payload, timestamps never decreasing across passes; labels
 * generated or read from the file cover the published span (also unlooped, from standard input); a stopped replay
 * sends what it read and no label ahead; bad values fail naming their option.
 */
@ExtendWith(SharedBroker.class)
class PublishLoopBrokerTest {

    @TempDir
    Path dir;

    private static Path real(String relative) {
        Path f = Path.of(System.getProperty("naca.shared.dir", "../../shared")).resolve("data/real").resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(f), "real recording " + f.toAbsolutePath() + " is absent: this "
                + "test needs the shared data folder (see ../shared/data/real/SOURCES.md)");
        return f;
    }

    /** Runs publish as the jar does; returns the exit code and everything it printed. */
    private static Object[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.add(0, "--bootstrap=" + SharedBroker.bootstrap());
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = new CommandRunner(PublishCommand.USAGE, new CommandContext(Map.of(),
                new ByteArrayInputStream(new byte[0]), print, print, Clock.systemUTC()))
                .run(new PublishCommand(), all.toArray(String[]::new));
        return new Object[] {code, out.toString(StandardCharsets.UTF_8)};
    }

    private static String publish(String... args) {
        Object[] r = run(args);
        assertEquals(0, r[0], (String) r[1]);
        return (String) r[1];
    }

    /** The file's events as the publisher sends them: {t, x, y, on}, held-back timestamps applied. */
    private static List<long[]> fileEvents(Path file) throws IOException {
        List<long[]> all = new ArrayList<>();
        MonotonicTime time = new MonotonicTime();
        try (EventReader reader = Recordings.open(file, ReadOptions.defaults())) {
            EventBatch b = new EventBatch(8192);
            while (reader.read(b) > 0) {
                for (int i = 0; i < b.size(); i++) {
                    all.add(new long[] {time.next(b.timestampUs(i)), b.x(i), b.y(i), b.on(i) ? 1 : 0});
                }
            }
        }
        return all;
    }

    private static List<long[]> topicEvents(String topic) {
        RecordDecoder decoder = new RecordDecoder(topic, topic + ".labels");
        List<long[]> all = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : SinkTopicReader.readAll(SharedBroker.bootstrap(), topic)) {
            EventPacket p = assertInstanceOf(StreamItem.Packet.class, decoder.decode(r)).packet();
            for (int i = 0; i < p.size(); i++) {
                all.add(new long[] {p.timestampUs(i), p.x(i), p.y(i), p.on(i) ? 1 : 0});
            }
        }
        return all;
    }

    private static List<LabelSegment> topicLabels(String topic) {
        return SinkTopicReader.readAll(SharedBroker.bootstrap(), topic).stream()
                .map(r -> LabelCodec.decode(r.value())).toList();
    }

    /** The loop period the publisher uses: the span plus the mean inter-event interval (at least 1 µs). */
    private static long period(List<long[]> events) {
        long span = events.get(events.size() - 1)[0] - events.get(0)[0];
        return span + Math.max(1, Math.round((double) span / (events.size() - 1)));
    }

    /** Checks {@code got} is {@code passes} whole passes of {@code file}, each shifted by one more period. */
    private static void assertPasses(List<long[]> file, int passes, List<long[]> got) {
        long period = period(file);
        assertEquals((long) passes * file.size(), got.size(), "passes x events");
        for (int i = 0; i < got.size(); i++) {
            long[] want = file.get(i % file.size()).clone();
            want[0] += (i / file.size()) * period;
            assertArrayEquals(want, got.get(i), "event " + i);
            assertTrue(i == 0 || got.get(i)[0] >= got.get(i - 1)[0], "timestamps never decrease, event " + i);
        }
        for (int p = 1; p < passes; p++) {
            assertTrue(got.get(p * file.size())[0] > got.get(p * file.size() - 1)[0], "a gap at seam " + p);
        }
    }

    private static String seconds(long us) {
        return String.format(Locale.ROOT, "%.6fs", us / 1e6);
    }

    @Test
    void loopedDatSampleGivesWholePassesAndCycleLabelsCoverTheSpan() throws Exception {
        Path file = real("dat/sample_ncars.dat");
        List<long[]> events = fileEvents(file);
        long period = period(events);
        String text = publish("--topic=loopdat", "--labels-topic=loopdat.labels", "--loop=" + seconds(3 * period),
                "--labels=cycle:20", "--classes=3", "--quiet", file.toString());
        assertTrue(text.contains("3 passes of"), text);
        assertTrue(text.contains("generated labels: 20 ms segments cycling through 3 classes"), text);
        assertPasses(events, 3, topicEvents("loopdat"));

        List<LabelSegment> labels = topicLabels("loopdat.labels");
        long first = events.get(0)[0];
        long end = first + 3 * period;
        assertEquals(first, labels.get(0).startUs(), "labels start at the first event");
        for (int i = 0; i < labels.size(); i++) {
            LabelSegment s = labels.get(i);
            assertEquals(i % 3, s.classId(), "classes cycle 0, 1, 2");
            assertTrue(s.learn());
            assertEquals("sample_ncars", s.streamId());
            assertEquals(i == labels.size() - 1 ? end : s.startUs() + 20_000, s.endUs(), "segment " + i);
            if (i > 0) {
                assertEquals(labels.get(i - 1).endUs(), s.startUs(), "contiguous at " + i);
            }
        }
        assertEquals(end, labels.get(labels.size() - 1).endUs(), "labels cover the published span");
    }

    @Test
    void loopedEvt2SampleAsCameraPayloadIsCutAtTheLoopEnd() throws Exception {
        Path file = real("evt2/evt2_sample.raw");
        List<long[]> events = fileEvents(file);
        long period = period(events);
        long loopUs = 2 * period + period / 2;
        String text = publish("--topic=loopevt2", "--labels-topic=loopevt2.labels", "--encoding=evt2",
                "--loop=" + seconds(loopUs), "--quiet", file.toString());
        assertTrue(text.contains("3 passes of"), text);
        List<long[]> got = topicEvents("loopevt2");
        long first = events.get(0)[0];
        long inLastPass = events.stream().filter(e -> e[0] + 2 * period < first + loopUs).count();
        assertEquals(2L * events.size() + inLastPass, got.size(), "two passes, the third up to the end");
        assertPasses(events, 2, got.subList(0, 2 * events.size()));
        for (int i = 2 * events.size(); i < got.size(); i++) {
            assertEquals(events.get(i - 2 * events.size())[0] + 2 * period, got.get(i)[0], "event " + i);
        }
        assertTrue(topicLabels("loopevt2.labels").isEmpty(), "the sample has no labels file");
    }

    @Test
    void fileLabelsAreRepublishedEachPassAndRealtimePacingHolds() throws Exception {
        Path file = real("dat/sample_ncars.dat");
        List<long[]> events = fileEvents(file);
        long period = period(events);
        long first = events.get(0)[0];
        Path link = Files.createSymbolicLink(dir.resolve("car.dat"), file.toAbsolutePath());
        Files.writeString(dir.resolve("car_labels.csv"), "class,startTime_usec,endTime_usec\n"
                + "2," + first + "," + (first + period / 2) + "\n");
        long t0 = System.nanoTime();
        String text = publish("--topic=looplab", "--labels-topic=looplab.labels", "--speed=realtime",
                "--loop=" + seconds(4 * period), "--quiet", link.toString());
        double wall = (System.nanoTime() - t0) / 1e9;
        assertTrue(wall >= 3 * period / 1e6, "paced at the recording's speed over the passes: " + wall + " s");
        assertTrue(text.contains("1 label segments each pass"), text);
        assertPasses(events, 4, topicEvents("looplab"));
        List<LabelSegment> labels = topicLabels("looplab.labels");
        assertEquals(4, labels.size(), "one segment per pass");
        for (int p = 0; p < 4; p++) {
            assertEquals(new LabelSegment("car", 1, first + p * period, first + p * period + period / 2, true),
                    labels.get(p));
        }
    }

    @Test
    void cycleLabelsWithoutLoopOnStandardInput() throws Exception {
        Path file = real("nmnist/sample_nmnist.bin");
        List<long[]> events = fileEvents(file);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EventPacket.Builder b = EventPacket.builder("digit", 34, 34, events.size());
        events.forEach(e -> b.add((int) e[1], (int) e[2], e[3] == 1, e[0]));
        new NacsWriter(bytes).write(b.build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = new CommandRunner(PublishCommand.USAGE, new CommandContext(Map.of(),
                new ByteArrayInputStream(bytes.toByteArray()), print, print, Clock.systemUTC()))
                .run(new PublishCommand(), new String[] {"--bootstrap=" + SharedBroker.bootstrap(), "--topic=loopin",
                        "--labels-topic=loopin.labels", "--stream-id=pipe", "--labels=cycle:100", "--classes=2", "-"});
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        assertPasses(events, 1, topicEvents("loopin"));
        List<LabelSegment> labels = topicLabels("loopin.labels");
        long first = events.get(0)[0];
        long last = events.get(events.size() - 1)[0];
        assertEquals(new LabelSegment("pipe", 0, first, first + 100_000, true), labels.get(0));
        LabelSegment end = labels.get(labels.size() - 1);
        assertTrue(end.startUs() <= last && end.endUs() > last, "whole segments up to the last event: " + end);
        assertEquals((last - first) / 100_000 + 1, labels.size());
    }

    @Test
    void aStoppedReplaySendsWhatItReadAndNoLabelsAhead() throws Exception {
        Path file = real("dat/sample_ncars.dat");
        List<long[]> events = fileEvents(file);
        RecordingPublisher.Options options = new RecordingPublisher.Options("loopstop", "loopstop.labels", 1, 8192,
                20_000, PayloadEncoding.NACA_V1);
        KafkaTopics.ensure(SharedBroker.bootstrap(), List.of("loopstop", "loopstop.labels"), 1);
        RecordingReplay.Result r;
        try (KafkaProducer<String, byte[]> producer = Producers.create(SharedBroker.bootstrap())) {
            RecordingReplay replay = new RecordingReplay(new RecordingPublisher(producer, options, System::nanoTime,
                    nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000))), System::nanoTime);
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    return;
                }
                replay.stop();
            });
            stopper.start();
            r = replay.publish(() -> Recordings.open(file, ReadOptions.defaults()), "car", 30_000_000L,
                    ReplayLabels.cycle(100_000, 4), null);
            stopper.join();
        }
        assertTrue(r.stopped(), "stopped early");
        assertTrue(r.streamUs() < 5_000_000, "far less than the 30 s asked at real time: " + r.streamUs());
        List<long[]> got = topicEvents("loopstop");
        assertEquals(r.publish().events(), got.size(), "every event read was sent");
        assertTrue(got.size() > events.size(), "more than one pass before the stop");
        List<LabelSegment> labels = topicLabels("loopstop.labels");
        assertEquals(r.publish().labels(), labels.size());
        assertTrue(labels.get(labels.size() - 1).startUs() <= got.get(got.size() - 1)[0],
                "no segment sent for stream time not reached");
    }

    @Test
    void badLoopOrLabelsValuesFailNamingTheOption() throws Exception {
        Path file = real("dat/sample_ncars.dat");
        for (String[] bad : new String[][] {{"--loop=soon", "--loop"}, {"--loop=0", "--loop"},
                {"--loop=-3s", "--loop"}, {"--labels=cycle:x", "--labels=cycle:MS"}, {"--labels=random", "--labels"},
                {"--labels=cycle:0", "--labels=cycle:MS"}}) {
            Object[] r = run("--topic=loopbad", bad[0], file.toString());
            assertNotEquals(0, r[0], bad[0] + " must fail: " + r[1]);
            assertTrue(((String) r[1]).contains(bad[1]), bad[0] + " names " + bad[1] + ": " + r[1]);
        }
        Object[] r = run("--topic=loopbad", "--loop=1s", file.getParent().toString());
        assertNotEquals(0, r[0]);
        assertTrue(((String) r[1]).contains("--loop replays one recording file"), (String) r[1]);
        r = run("--topic=loopbad", "--labels=cycle:100", "--classes=none", file.toString());
        assertNotEquals(0, r[0]);
        assertTrue(((String) r[1]).contains("--classes"), (String) r[1]);
    }
}
