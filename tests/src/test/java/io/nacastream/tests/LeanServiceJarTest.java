package io.nacastream.tests;

import io.nacastream.ingest.kafka.KafkaTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The lean service artifact of service/server ({@code ServiceMain} and only what the service runs) as a separate JVM
 * on the shared broker: nothing of the in-process broker, JMH, ND4J or the command line on its classpath; ready,
 * learns what is published, publishes its latency histogram, and stops gracefully on SIGTERM. It runs the packaged
 * {@code naca-stream-service.jar} when the last build of service/server packaged it ({@code mvn package},
 * {@code verify}), else the runtime classpath that build recorded ({@code mvn test} packages nothing), which is what
 * the jar's {@code lib/} holds.
 */
@ExtendWith(SharedBroker.class)
class LeanServiceJarTest {

    private static final String EVENTS = "lean.events";
    private static final String LABELS = "lean.labels";
    private static final String GROUP = "lean";
    /** Parts of jar names or module paths that only the all-in-one jar may hold. */
    private static final List<String> NOT_IN_THE_SERVICE = List.of("kafka_2.13", "kafka-server", "scala-library",
            "jmh", "HdrHistogram", "nd4j", "javacpp", "openblas", "naca-stream-embedded-broker", "naca-stream-bench",
            "naca-stream-cli", "naca-stream-learner-baselines", "naca-stream-ingest-publish", "service/broker",
            "service/cli", "bench/", "learner/baselines", "ingest/publish");

    @Test
    void runsTheServiceAloneOnItsOwnClasspathAndStopsGracefully(@TempDir Path dir) throws Exception {
        LeanService lean = LeanService.lastBuilt();
        for (Path entry : lean.classpath()) {
            String name = lean.describe(entry);
            assertTrue(NOT_IN_THE_SERVICE.stream().noneMatch(name::contains), "the lean service (" + lean.what()
                    + ") holds " + name);
        }
        String bootstrap = SharedBroker.bootstrap();
        KafkaTopics.ensure(bootstrap, List.of(EVENTS, LABELS), 1);
        StagedStreams streams = StagedStreams.render(2, 13);
        streams.publishLabels(bootstrap, LABELS);
        streams.publishPart(bootstrap, EVENTS, 0, 1);
        List<String> launch = new ArrayList<>(lean.launch());
        launch.add("service");   // optional: the word the all-in-one jar needs
        try (ServiceProcess service = ServiceProcess.start(dir, "lean", 512, launch, options(bootstrap))) {
            service.await("ready", Duration.ofSeconds(90), () -> service.answers("/health/ready", 200));
            service.await("everything published learned", Duration.ofSeconds(120),
                    () -> StagedStreams.committedAtEnd(bootstrap, GROUP, EVENTS));
            HttpResponse<String> metrics = service.get("/metrics");
            assertTrue(metrics != null && metrics.body().contains("naca_latency_seconds_bucket{le=\""),
                    "latency histogram without HdrHistogram\n" + (metrics == null ? "" : metrics.body()));
            int code = service.terminate(Duration.ofSeconds(60));
            String log = service.logText();
            assertEquals(143, code, "exit code after SIGTERM\n" + log);
            assertTrue(log.contains("naca-stream service: stopped"), log);
            System.out.println("lean service: " + lean.what() + ", " + lean.classpath().size() + " classpath entries");
        }
    }

    @Test
    void withoutAClusterExitsWithAConfigurationError(@TempDir Path dir) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(dir, "no-cluster", 256, LeanService.lastBuilt().launch(),
                List.of("--bootstrap.servers="))) {
            assertTrue(service.process.waitFor(60, TimeUnit.SECONDS), "still running\n" + service.logText());
            assertEquals(2, service.process.exitValue(), service.logText());
            assertTrue(service.logText().contains("configuration error: configuration key 'bootstrap.servers' is "
                    + "empty"), service.logText());
        }
    }

    private static List<String> options(String bootstrap) {
        return List.of("--bootstrap.servers=" + bootstrap, "--topic.events=" + EVENTS, "--topic.labels=" + LABELS,
                "--topic.predictions=lean.predictions", "--topic.energy=lean.energy",
                "--topic.dead-letter=lean.dead-letter", "--checkpoint.topic=lean.checkpoints", "--group.id=" + GROUP,
                "--checkpoint.interval-ms=500", "--learner.mode=tick");
    }

    /** How to start the lean service ({@code java} arguments before the options) and what its classpath holds. */
    private record LeanService(String what, List<String> launch, List<Path> classpath, Path root) {

        private static final String MAIN = "io.nacastream.service.command.ServiceMain";

        /** The packaged jar if the last build of service/server made it, else the classpath that build recorded. */
        static LeanService lastBuilt() throws IOException {
            Path root = Path.of(System.getProperty("naca.repo.dir", "..")).toAbsolutePath().normalize();
            Path target = root.resolve("service/server/target");
            Path recorded = target.resolve("runtime-classpath.txt");
            Path jar = target.resolve("naca-stream-service.jar");
            if (!Files.isRegularFile(recorded)) {
                fail(recorded + " is missing: build service/server first (mvn -B test or mvn -B package in "
                        + root + ")");
            }
            if (Files.isRegularFile(jar)
                    && Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(recorded)) >= 0) {
                return packaged(jar, root);
            }
            List<Path> classpath = new ArrayList<>(List.of(target.resolve("classes")));
            for (String entry : Files.readString(recorded).trim().split(File.pathSeparator)) {
                classpath.add(Path.of(entry));
            }
            return new LeanService("runtime classpath of " + recorded, List.of("-cp", String.join(File.pathSeparator,
                    classpath.stream().map(Path::toString).toList()), MAIN), classpath, root);
        }

        private static LeanService packaged(Path jar, Path root) throws IOException {
            List<Path> classpath = new ArrayList<>(List.of(jar));
            try (JarFile file = new JarFile(jar.toFile())) {
                Attributes main = file.getManifest().getMainAttributes();
                assertEquals(MAIN, main.getValue(Attributes.Name.MAIN_CLASS), "Main-Class of " + jar);
                for (String entry : main.getValue(Attributes.Name.CLASS_PATH).trim().split(" +")) {
                    classpath.add(jar.resolveSibling(entry));
                }
            }
            return new LeanService(jar.toString(), List.of("-jar", jar.toString()), classpath, root);
        }

        /** A jar's file name, or a class folder's path in the repository. */
        String describe(Path entry) {
            return Files.isDirectory(entry) && entry.startsWith(root) ? root.relativize(entry) + "/"
                    : entry.getFileName().toString();
        }
    }
}
