package io.nacastream.service.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.service.config.HttpSettings;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import io.nacastream.sink.EnergyReport;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's state as JSON, and its routes over real HTTP: the page, its assets and the SSE stream. */
class DashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    private static EventPacket packet(String stream, int width, int height, int[][] events) {
        EventPacket.Builder b = EventPacket.builder(stream, width, height, events.length);
        long t = 1000;
        for (int[] e : events) {
            b.add(e[0], e[1], e[2] == 1, t++);
        }
        return b.build();
    }

    private static SegmentResult verdict(String stream, int truth, int predicted) {
        return new SegmentResult(stream, 0, 1, truth, predicted, true, 1, -1);
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        long millis = 1_000_000;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void aFrameCarriesTheEventsSinceTheLastFrameAsOnAndOffPlanes() throws Exception {
        ManualClock clock = new ManualClock();
        Dashboard d = new Dashboard(clock, ClassNames.numbered(3), 10);
        assertNull(d.frame("cam"), "an unseen stream has no frame");
        d.packet(packet("cam", 4, 2, new int[][] {{0, 0, 1}}), 5);
        JsonNode unwatched = JSON.readTree(d.frame("cam"));
        assertEquals(0, unwatched.get("width").asInt(), "nobody watched: nothing drawn yet");
        assertEquals(1, unwatched.get("events").asInt(), "but counted");
        d.packet(packet("cam", 4, 2, new int[][] {{1, 0, 1}, {1, 0, 1}, {3, 1, 0}}), 5);
        d.prediction(Prediction.fromScores("cam", 10, new float[] {0.1f, 0.3f, 0.1f}, 2));
        clock.millis += StreamPanel.FRAME_MS;
        JsonNode f = JSON.readTree(d.frame("cam"));
        assertEquals(4, f.get("width").asInt());
        assertEquals(2, f.get("height").asInt());
        assertEquals(3, f.get("frameEvents").asInt());
        byte[] planes = Base64.getDecoder().decode(f.get("image").asText());
        assertEquals(16, planes.length);
        assertEquals(2, planes[1], "two ON events at (1,0)");
        assertEquals(1, planes[8 + 7], "one OFF event at (3,1)");
        assertEquals(1, f.get("predicted").asInt());
        assertEquals(2, f.get("label").asInt());
        assertEquals(0.6, f.get("scores").get(1).asDouble(), 1e-6, "normalised");
        clock.millis += StreamPanel.FRAME_MS;
        JsonNode next = JSON.readTree(d.frame("cam"));
        assertEquals(0, next.get("frameEvents").asInt(), "each frame starts empty");
        assertEquals(4, next.get("events").asInt());
    }

    @Test
    void anUnwatchedStreamIsNotDrawnAndItsImageIsFreed() throws Exception {
        ManualClock clock = new ManualClock();
        Dashboard d = new Dashboard(clock, ClassNames.numbered(3), 10);
        d.packet(packet("cam", 4, 2, new int[][] {{0, 0, 1}}), 1);
        d.frame("cam");
        d.packet(packet("cam", 4, 2, new int[][] {{0, 0, 1}}), 1);
        clock.millis += StreamPanel.FRAME_MS;
        assertEquals(1, JSON.readTree(d.frame("cam")).get("frameEvents").asInt(), "watched: drawn");
        clock.millis += StreamPanel.WATCH_MS + 1;
        d.packet(packet("cam", 4, 2, new int[][] {{0, 0, 1}}), 1);
        clock.millis += StreamPanel.RELEASE_MS;
        d.packet(packet("cam", 4, 2, new int[][] {{0, 0, 1}}), 1);
        JsonNode f = JSON.readTree(d.frame("cam"));
        assertEquals(0, f.get("frameEvents").asInt(), "unwatched: not drawn");
        assertEquals(0, f.get("width").asInt(), "and its image freed");
        assertEquals(4, f.get("events").asInt());
        d.packet(packet("cam", 4, 2, new int[][] {{2, 1, 0}}), 1);
        clock.millis += StreamPanel.FRAME_MS;
        assertEquals(1, JSON.readTree(d.frame("cam")).get("frameEvents").asInt(), "watched again: drawn again");
    }

    @Test
    void viewersWithinOneFrameTimeShareTheFrameSoEachSeesEveryEvent() throws Exception {
        ManualClock clock = new ManualClock();
        Dashboard d = new Dashboard(clock, ClassNames.numbered(3), 10);
        d.packet(packet("cam", 4, 2, new int[][] {{0, 0, 1}}), 1);
        d.frame("cam");
        clock.millis += StreamPanel.FRAME_MS;
        d.packet(packet("cam", 4, 2, new int[][] {{0, 0, 1}, {1, 1, 0}}), 1);
        String first = d.frame("cam");
        clock.millis += StreamPanel.FRAME_MS - 1;
        assertEquals(first, d.frame("cam"), "a second viewer in the same frame time gets the same frame");
        assertEquals(2, JSON.readTree(first).get("frameEvents").asInt());
    }

    @Test
    void aViewerWhoPickedNoStreamStaysOnOneWhileItIsActive() {
        ManualClock clock = new ManualClock();
        Dashboard d = new Dashboard(clock, ClassNames.numbered(3), 10);
        assertEquals("", d.activeStream("", 2000));
        d.packet(packet("a", 4, 2, new int[][] {{0, 0, 1}}), 1);
        d.packet(packet("b", 4, 2, new int[][] {{0, 0, 1}}), 1);
        assertEquals("b", d.activeStream("", 2000), "nothing followed yet: the latest");
        d.packet(packet("a", 4, 2, new int[][] {{0, 0, 1}}), 1);
        assertEquals("b", d.activeStream("b", 2000), "b is still active: no swap at every packet");
        clock.millis += 2001;
        d.packet(packet("a", 4, 2, new int[][] {{0, 0, 1}}), 1);
        assertEquals("a", d.activeStream("b", 2000), "b went quiet: follow the active one");
    }

    @Test
    void theRateFallsWhenTheStreamStops() throws Exception {
        ManualClock clock = new ManualClock();
        Dashboard d = new Dashboard(clock, ClassNames.numbered(3), 10);
        for (int i = 0; i < 11; i++) {
            d.packet(packet("a", 4, 2, new int[][] {{0, 0, 1}, {1, 0, 1}}), 1);
            clock.millis += 100;
        }
        assertEquals(22.0, JSON.readTree(d.overview()).get("eventsPerSecond").asDouble(), 1e-9,
                "11 packets of 2 events from 0 to 1000 ms");
        clock.millis += 10_000;
        assertTrue(JSON.readTree(d.overview()).get("eventsPerSecond").asDouble() < 1, "idle: towards 0");
    }

    @Test
    void largeSensorsAreBinnedToFitTheView() throws Exception {
        ManualClock clock = new ManualClock();
        Dashboard d = new Dashboard(clock, ClassNames.numbered(3), 10);
        d.packet(packet("big", 640, 480, new int[][] {{0, 0, 0}}), 1);
        d.frame("big");
        d.packet(packet("big", 640, 480, new int[][] {{639, 479, 1}, {0, 0, 0}}), 1);
        clock.millis += StreamPanel.FRAME_MS;
        JsonNode f = JSON.readTree(d.frame("big"));
        assertEquals(5, f.get("bin").asInt());
        assertEquals(128, f.get("width").asInt());
        assertEquals(96, f.get("height").asInt());
    }

    @Test
    void windowedAccuracyKappaHistoryAndConfusionFollowTheVerdicts() throws Exception {
        Dashboard d = new Dashboard(CLOCK, ClassNames.numbered(3), 4);
        int[][] verdicts = {{0, 0}, {1, 1}, {2, 0}, {1, 1}, {2, 2}, {0, -1}};
        for (int[] v : verdicts) {
            d.segment(verdict("cam", v[0], v[1]));
        }
        JsonNode l = JSON.readTree(d.learning("cam"));
        assertEquals(6, l.get("segments").asInt());
        assertEquals(4.0 / 6, l.get("accuracy").asDouble(), 1e-5);
        // window of the last 4: (2,0) (1,1) (2,2) (0,none): p0 = 0.5; truth 0:1 1:1 2:2, said 0:1 1:1 2:1 none:1
        double pe = (1 * 1 + 1 * 1 + 2 * 1 + 0 * 1) / 16.0;
        assertEquals(0.5, l.get("windowAccuracy").asDouble(), 1e-5);
        assertEquals((0.5 - pe) / (1 - pe), l.get("windowKappa").asDouble(), 1e-5);
        assertEquals(6, l.get("history").size());
        assertEquals(1.0, l.get("history").get(0).get(1).asDouble(), 1e-6, "after the first verdict: 1 of 1");
        JsonNode confusion = l.get("confusion");
        assertEquals(1, confusion.get(2).get(0).asInt());
        assertEquals(1, confusion.get(0).get(3).asInt(), "no prediction: the last column");
        assertEquals(2, confusion.get(1).get(1).asInt());
    }

    @Test
    void theOverviewListsStreamsEnergyPerLearnerAndTasks() throws Exception {
        Dashboard d = new Dashboard(CLOCK, ClassNames.dvsGesture(), 50);
        d.packet(packet("b", 8, 8, new int[][] {{1, 1, 1}}), 12);
        d.packet(packet("a", 8, 8, new int[][] {{1, 1, 1}, {2, 2, 0}}), 30);
        EnergyModel model = EnergyModel.horowitz45nm();
        d.energy(EnergyReport.of(0, "naca", OpCounts.NONE, model));
        d.energy(EnergyReport.of(0, "bp", OpCounts.NONE, model));
        d.tasks("naca + mask", List.of(Set.of(3), Set.of(1, 7)), new double[][] {{0.5, 0}, {0.25, 1}}, 1);
        d.lag(42);
        JsonNode o = JSON.readTree(d.overview());
        assertEquals(List.of("a", "b"), d.streams());
        assertEquals("a", d.activeStream(), "the stream of the latest packet");
        assertEquals(2, o.get("streams").get(0).get("events").asInt());
        assertEquals(11, o.get("classes").size());
        assertEquals("hand clap", o.get("classes").get(0).asText());
        assertEquals(3, o.get("events").asInt());
        assertEquals(12, o.get("latencyP50Ms").asInt());
        assertEquals(30, o.get("latencyP99Ms").asInt());
        assertEquals(42, o.get("lag").asInt());
        assertTrue(o.get("commits").isNull(), "no commits reported yet");
        d.commits("exactly_once", 100, 7, 1);
        JsonNode commits = JSON.readTree(d.overview()).get("commits");
        assertEquals("exactly_once", commits.get("guarantee").asText());
        assertEquals(100, commits.get("intervalMs").asInt());
        assertEquals(7, commits.get("committed").asInt());
        assertEquals(1, commits.get("aborted").asInt());
        assertEquals("bp", o.get("energy").get(0).get("algorithm").asText());
        assertEquals("naca", o.get("energy").get(1).get("algorithm").asText());
        JsonNode task = o.get("continual").get(0);
        assertEquals("naca + mask", task.get("learner").asText());
        assertEquals(2, task.get("tasks").get(1).size());
        assertEquals(1, task.get("after").size(), "only the tasks completed so far");
        assertEquals(0.5, task.get("after").get(0).get(0).asDouble(), 1e-9);
    }

    @Test
    void theServerSendsThePageItsAssetsAndALiveEventStream() throws Exception {
        Dashboard d = new Dashboard(Clock.systemUTC(), ClassNames.dvsGesture(), 50);
        d.packet(packet("cam", 128, 128, new int[][] {{5, 6, 1}, {7, 8, 0}}), 3);
        d.frame("cam");
        d.packet(packet("cam", 128, 128, new int[][] {{5, 6, 1}, {7, 8, 0}}), 3);
        try (DashboardServer server = DashboardServer.start(loopback(), d)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("id=\"event-view\"") && page.body().contains("dashboard.js"));
            for (String asset : new String[] {"dashboard.js", "dashboard.css"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/" + asset))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), asset);
                assertTrue(r.body().length() > 500, asset);
            }
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/secret.txt")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());

            HttpResponse<java.io.InputStream> events = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/dashboard/events?stream=cam")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals("text/event-stream; charset=utf-8", events.headers().firstValue("Content-Type").orElse(""));
            List<String> kinds = new ArrayList<>();
            long start = System.nanoTime();
            int frames = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                String previous = "";
                for (String line; frames < 6 && (line = in.readLine()) != null; previous = line) {
                    if (line.startsWith("event: ")) {
                        kinds.add(line.substring(7));
                    }
                    if (previous.equals("event: frame")) {
                        assertEquals(1, d.viewers(), "one viewer connected");
                        frames++;
                        assertEquals("cam", JSON.readTree(line.substring(6)).get("stream").asText());
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (d.viewers() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, d.viewers(), "a viewer that disconnects stops its stream");
            assertEquals(List.of("overview", "learning", "frame"), kinds.subList(0, 3), "overview first, then the frame");
            assertEquals(6, frames);
            assertTrue(seconds >= 0.2, "frames are paced (50 ms apart), not sent in a burst: " + seconds + " s");
        }
    }

    /** HTTP on a free loopback port, plain and open. */
    private static HttpSettings loopback() {
        return Settings.of(ServiceConfig.of(Map.of("http.bind-address", "127.0.0.1", "http.port", "0"), Map.of()))
                .http();
    }
}
