package io.nacastream.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.cli.PublishCommand;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.kafka.LabelCodec;
import io.nacastream.ingest.kafka.Producers;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.open.Recordings;
import io.nacastream.ingest.wire.PacketCodec;
import io.nacastream.service.StreamService;
import io.nacastream.service.command.CommandContext;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.nacastream.tests.Eventually.await;
import static io.nacastream.tests.ServiceHttp.get;
import static io.nacastream.tests.SinkTopicReader.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cameras sold today through the deployed service on the real in-process broker: the 640×480 Prophesee EVT 2.0 and
 * the 1280×720 EVT 3.0 sample recordings of ../shared/data/real, each published in our packet format and as the
 * camera's own payload, are learned (every event) and predicted on, with class names in the sink records, no
 * packet refused for its sensor, and the dashboard's sensor view binned to 128 pixels a side. A later packet of
 * another size on a stream is dead-lettered naming both sizes.
 */
@ExtendWith(SharedBroker.class)
class ServiceRealCamerasTest {

    private static final String EVENTS = "cams.events";
    private static final String LABELS = "cams.labels";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path real(String relative) {
        Path f = Path.of(System.getProperty("naca.shared.dir", "../../shared")).resolve("data/real").resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(f), "real recording " + f.toAbsolutePath() + " is absent: this "
                + "test needs the shared data folder (see ../shared/data/real/SOURCES.md)");
        return f;
    }

    /** First and last timestamp and the number of events of a recording, as the readers decode it. */
    private static long[] span(Path file) throws IOException {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long n = 0;
        try (EventReader reader = Recordings.open(file, ReadOptions.defaults())) {
            EventBatch b = new EventBatch(8192);
            while (reader.read(b) > 0) {
                for (int i = 0; i < b.size(); i++) {
                    first = Math.min(first, b.timestampUs(i));
                    last = Math.max(last, b.timestampUs(i));
                }
                n += b.size();
            }
        }
        return new long[] {first, last, n};
    }

    private static void publish(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(0, "--bootstrap=" + SharedBroker.bootstrap());
        all.add(1, "--topic=" + EVENTS);
        all.add(2, "--labels-topic=" + LABELS);
        all.add(3, "--quiet");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
        int code = new PublishCommand().run(all.toArray(String[]::new), new CommandContext(Map.of(),
                new ByteArrayInputStream(new byte[0]), out, out, Clock.systemUTC()));
        assertEquals(0, code, text.toString(StandardCharsets.UTF_8));
    }

    /** Reads a stream's dashboard frames over HTTP (Server-Sent Events), keeping the one with the most events. */
    private static final class FrameWatcher implements AutoCloseable {
        final Map<String, JsonNode> best = new ConcurrentHashMap<>();
        private final List<InputStream> open = new ArrayList<>();

        void watch(String base, String stream) throws Exception {
            HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/dashboard/events?stream=" + stream)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            open.add(r.body());
            Thread t = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    String previous = "";
                    for (String line; (line = in.readLine()) != null; previous = line) {
                        if (previous.equals("event: frame")) {
                            JsonNode f = JSON.readTree(line.substring("data: ".length()));
                            best.merge(stream, f, (a, b) -> b.get("frameEvents").asLong()
                                    > a.get("frameEvents").asLong() ? b : a);
                        }
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            }, "frames-" + stream);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            for (InputStream in : open) {
                in.close();
            }
        }
    }

    private static String view(JsonNode frame) {
        return "bin " + frame.get("bin").asInt() + ", " + frame.get("width").asInt() + "x"
                + frame.get("height").asInt();
    }

    @Test
    void vgaAndHdCamerasAreLearnedAndPredictedInBothPayloads() throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        Path vga = real("evt2/evt2_sample.raw");
        Path hd = real("evt3/evt3_sample.raw");
        long[] vgaSpan = span(vga);
        long[] hdSpan = span(hd);
        KafkaTopics.ensure(bootstrap, List.of(EVENTS, LABELS), 1);
        // one labelled segment over each recording (ending at its last event, so the stream passes its end and the
        // verdict comes out): class 0 "spot" for the VGA one, 1 "burst" for the HD one
        Map<String, long[]> streams = new HashMap<>();
        streams.put("vga", vgaSpan);
        streams.put("vga-native", vgaSpan);
        streams.put("hd", hdSpan);
        streams.put("hd-native", hdSpan);
        try (KafkaProducer<String, byte[]> p = Producers.create(bootstrap)) {
            for (Map.Entry<String, long[]> s : streams.entrySet()) {
                p.send(new ProducerRecord<>(LABELS, s.getKey(), LabelCodec.encode(new LabelSegment(s.getKey(),
                        s.getKey().startsWith("vga") ? 0 : 1, s.getValue()[0], s.getValue()[1], true))));
            }
        }
        ServiceConfig config = TestServices.config("cams", "learner.mode=event", "prediction.interval-ms=1",
                "learner.classes=spot,burst");
        try (StreamService service = new StreamService(config, bootstrap, Clock.systemUTC()).start();
             FrameWatcher frames = new FrameWatcher()) {
            String base = "http://127.0.0.1:" + service.httpPort();
            frames.watch(base, "vga");
            frames.watch(base, "hd");
            // our packet format, slowed down so the dashboard draws while it arrives (2.5 s and 1.8 s)
            publish("--stream-id=vga", "--speed=0.02x", "--packet-us=1000", vga.toString());
            publish("--stream-id=hd", "--speed=0.005x", "--packet-us=200", hd.toString());
            // the cameras' own payloads, at full speed
            publish("--stream-id=vga-native", "--encoding=evt2", "--packet-events=4096", vga.toString());
            publish("--stream-id=hd-native", "--encoding=evt3", "--packet-events=4096", hd.toString());
            long all = 2 * (vgaSpan[2] + hdSpan[2]);
            await("every event of the four streams learned", () -> service.view().events() == all);
            // a packet of another sensor size on a stream that began as 640x480
            try (KafkaProducer<String, byte[]> p = Producers.create(bootstrap)) {
                EventPacket other = EventPacket.builder("vga", 346, 260, 1).add(3, 4, true, vgaSpan[1] + 10).build();
                p.send(new ProducerRecord<>(EVENTS, "vga", PacketCodec.encode(other)));
            }
            await("the foreign packet dead-lettered", () -> PrometheusText.sum(get(base + "/metrics").body(),
                    "naca_dead_letters_total") >= 1);
            await("vga and hd frames drawn", () -> frames.best.containsKey("vga") && frames.best.containsKey("hd")
                    && frames.best.get("vga").get("frameEvents").asLong() > 0
                    && frames.best.get("hd").get("frameEvents").asLong() > 0);
            JsonNode models = JSON.readTree(get(base + "/models").body());
            assertEquals("32x32", models.get("config").get("grid").asText());
            assertEquals(List.of("spot", "burst"), List.of(models.get("config").get("classNames").get(0).asText(),
                    models.get("config").get("classNames").get(1).asText()));
            String metrics = get(base + "/metrics").body();
            assertEquals(0.0, PrometheusText.value(metrics,
                    "naca_dead_letters_total{reason=\"unsupported-sensor\"}").orElse(0));
            assertEquals(1.0, PrometheusText.value(metrics,
                    "naca_dead_letters_total{reason=\"geometry-changed\"}").orElse(0));

            JsonNode vgaFrame = frames.best.get("vga");
            assertEquals("bin 5, 128x96", view(vgaFrame), "640x480 binned by 5");
            JsonNode hdFrame = frames.best.get("hd");
            assertEquals("bin 10, 128x72", view(hdFrame), "1280x720 binned by 10");
        }

        List<ConsumerRecord<byte[], byte[]>> dead = SinkTopicReader.readAll(bootstrap, "cams.dead-letter");
        assertEquals(1, dead.size(), "only the foreign packet");
        assertEquals("geometry-changed", header(dead.get(0), SinkWriter.HEADER_ERROR_KIND));
        String why = header(dead.get(0), SinkWriter.HEADER_ERROR);
        assertTrue(why.contains("346x260") && why.contains("640x480"), why);

        Map<String, Integer> predictions = new HashMap<>();
        Map<String, JsonNode> verdicts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : SinkTopicReader.readAll(bootstrap, "cams.predictions")) {
            JsonNode n = JSON.readTree(r.value());
            String stream = n.path("streamId").asText();
            if (n.get("type").asText().equals("prediction")) {
                predictions.merge(stream, 1, Integer::sum);
                assertTrue(n.get("label").isNull() ? n.get("labelName").isNull() : n.get("labelName").asText()
                        .equals(stream.startsWith("vga") ? "spot" : "burst"), n.toString());
                JsonNode name = n.get("predictedName");
                assertTrue(name.isNull() ? n.get("predicted").asInt() == -1
                        : name.asText().equals(n.get("predicted").asInt() == 0 ? "spot" : "burst"), n.toString());
            } else if (n.get("type").asText().equals("segment")) {
                verdicts.put(stream, n);
            }
        }
        for (String stream : streams.keySet()) {
            assertTrue(predictions.getOrDefault(stream, 0) >= 5, stream + " predictions: " + predictions);
            JsonNode v = verdicts.get(stream);
            assertTrue(v != null && v.get("learned").asBoolean(), stream + " verdict: " + verdicts);
            assertEquals(stream.startsWith("vga") ? "spot" : "burst", v.get("labelName").asText());
        }
    }
}
