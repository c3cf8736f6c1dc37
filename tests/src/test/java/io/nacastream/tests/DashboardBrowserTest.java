package io.nacastream.tests;

import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live dashboard in a real browser: the service runs on the in-process broker while three synthetic streams are
 * published at a steady pace; headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs) opens {@code /dashboard/}. The event view must keep drawing new frames with events in
 * them, predictions and the windowed accuracy must appear and change, the stream picker must switch streams, and a
 * screenshot is saved as a build artifact ({@code tests/target/dashboard/dashboard.png}).
 */
@ExtendWith(SharedBroker.class)
class DashboardBrowserTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @Test
    void theDashboardShowsEventsPredictionsAccuracyAndCostLive(@TempDir Path profile) throws Exception {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(), "no headless browser here: install Debian's "
                + "chromium and chromium-driver (.ci/run does) to run the dashboard's browser test");
        String bootstrap = SharedBroker.bootstrap();
        ServiceConfig config = TestServices.config("dashboard", "learner.mode=event", "dashboard.window=20");
        KafkaTopics.ensure(bootstrap, List.of("dashboard.events", "dashboard.labels"), 1);
        StagedStreams streams = StagedStreams.render(3, 61);
        streams.publishLabels(bootstrap, "dashboard.labels");
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try (StreamService service = new StreamService(config, bootstrap, Clock.systemUTC()).start()) {
            Future<Long> published = publisher.submit(() -> streams.publishPaced(bootstrap, "dashboard.events",
                    "dashboard.labels", 0, 1, 1, 120_000, 0, 3));
            WebDriver browser = chromium(profile);
            try {
                watch(browser, service.httpPort(), streams.streams().size());
            } finally {
                browser.quit();
            }
            assertTrue(published.get() > 0);
        } finally {
            publisher.shutdownNow();
        }
    }

    private static void watch(WebDriver browser, int port, int streamCount) throws Exception {
        browser.get("http://127.0.0.1:" + port + "/dashboard/");
        JavascriptExecutor js = (JavascriptExecutor) browser;

        Eventually.await("the event view draws frames with events", () -> number(js, "frames") >= 10
                && litPixels(js) > 0);
        long frames = number(js, "frames");
        String image = imageHash(js);
        long events = number(js, "events");
        Eventually.await("the event view updates", () -> number(js, "frames") >= frames + 20
                && number(js, "events") > events && !imageHash(js).equals(image));

        Set<String> predictions = new HashSet<>();
        Eventually.await("predictions appear and change", () -> {
            predictions.add(text(browser, "predicted"));
            predictions.remove("–");
            return predictions.size() >= 2;
        });
        assertEquals(11, browser.findElements(By.cssSelector("#scores .bar")).size(), "a bar per class");

        Eventually.await("accuracy appears", () -> !text(browser, "accuracy").equals("–"));
        String accuracy = text(browser, "accuracy") + " after " + text(browser, "segments");
        Eventually.await("accuracy changes as gestures are scored",
                () -> !(text(browser, "accuracy") + " after " + text(browser, "segments")).equals(accuracy));
        assertTrue(text(browser, "kappa").matches("-?\\d\\.\\d{3}"), "kappa shown: " + text(browser, "kappa"));
        assertTrue(browser.findElements(By.cssSelector("#confusion tr")).size() == 12, "11 classes + header");

        Eventually.await("the cost of NACA appears", () -> !browser.findElements(
                By.cssSelector("#energy tr[data-algorithm='naca']")).isEmpty());
        assertNotEquals("–", text(browser, "events-per-second"));
        assertNotEquals("–", text(browser, "latency-p99"));
        Eventually.await("the transactions committed appear",
                () -> text(browser, "commits-committed").matches("[1-9]\\d*"));
        assertEquals("exactly-once", text(browser, "commit-guarantee"));
        assertEquals("100", text(browser, "commit-interval"));
        assertEquals("0", text(browser, "commits-aborted"));

        By options = By.cssSelector("#stream-picker option");
        Eventually.await("every stream in the picker",
                () -> browser.findElements(options).size() == 1 + streamCount);
        WebElement option = browser.findElements(options).get(2);
        String other = option.getAttribute("value");
        option.click();
        Eventually.await("the picked stream is shown", () -> other.equals(
                browser.findElement(By.id("event-view")).getAttribute("data-stream")));

        Path shot = Path.of("target", "dashboard", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertTrue(Files.size(shot) > 20_000, "a screenshot with content: " + Files.size(shot) + " bytes");
    }

    private static WebDriver chromium(Path profile) {
        // Selenium warns on every start that it has no DevTools bindings for this Chromium; WebDriver needs none
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        return new ChromeDriver(driver, options);
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    private static long number(JavascriptExecutor js, String data) {
        Object v = js.executeScript("return Number(document.getElementById('event-view').dataset[arguments[0]]);",
                data);
        return ((Number) v).longValue();
    }

    private static long litPixels(JavascriptExecutor js) {
        Object v = js.executeScript("const c = document.getElementById('event-view');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) { if (d[i] + d[i + 1] + d[i + 2] > 0) n++; } return n;");
        return ((Number) v).longValue();
    }

    private static String imageHash(JavascriptExecutor js) {
        return String.valueOf(js.executeScript("const c = document.getElementById('event-view');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let h = 7;"
                + "for (let i = 0; i < d.length; i++) { h = (h * 31 + d[i]) | 0; } return h;"));
    }
}
