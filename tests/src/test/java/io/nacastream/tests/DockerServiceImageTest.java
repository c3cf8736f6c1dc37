package io.nacastream.tests;

import io.nacastream.ingest.kafka.KafkaTopics;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service image built from docker/Dockerfile (its default, lean image: target {@code service}, entrypoint
 * {@code java -jar naca-stream-service.jar}), running against the official apache/kafka image: ready, learns
 * every published event, and on {@code docker stop} (SIGTERM) checkpoints and exits cleanly. Skipped where no Docker
 * engine runs; {@link ServiceRecoveryTest} covers the same service as a child process on the in-process broker.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerServiceImageTest {

    private static final Network NETWORK = Network.newNetwork();

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0").withNetwork(NETWORK)
            .withNetworkAliases("kafka").withListener("kafka:19092");

    @Test
    void builtImageBecomesReadyLearnsEverythingAndStopsGracefully() throws Exception {
        String bootstrap = KAFKA.getBootstrapServers();
        KafkaTopics.ensure(bootstrap, List.of("dvs.events", "dvs.labels"), 2);
        StagedStreams streams = StagedStreams.render(2, 3);
        streams.publishLabels(bootstrap, "dvs.labels");
        streams.publishPart(bootstrap, "dvs.events", 0, 1);
        Path root = Path.of("..").toAbsolutePath().normalize();
        // Not withDockerfile(path): docker-java then sends the Dockerfile's folder as the context, not the repository.
        // Target service, the default image: Testcontainers' builder (no BuildKit) builds every stage up to its
        // target, and the service stage comes before the cli ones.
        ImageFromDockerfile image = repositoryContext(new ImageFromDockerfile("naca-stream-test", true), root)
                .withFileFromPath("Dockerfile", root.resolve("docker/Dockerfile")).withTarget("service");
        try (GenericContainer<?> service = new GenericContainer<>(image).withNetwork(NETWORK)
                .withEnv("NACA_BOOTSTRAP_SERVERS", "kafka:19092").withEnv("NACA_TOPIC_PARTITIONS", "2")
                .withEnv("NACA_CHECKPOINT_INTERVAL_MS", "1000").withEnv("NACA_LEARNER_MODE", "tick")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/health/ready").forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)))) {
            service.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!StagedStreams.committedAtEnd(bootstrap, "naca-stream", "dvs.events")) {
                assertTrue(System.nanoTime() < deadline, "the service did not learn everything in time\n"
                        + service.getLogs());
                Thread.sleep(200);
            }
            Map<String, StagedStreams.Tally> published = StagedStreams.published(bootstrap, "dvs.events");
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://" + service.getHost() + ":" + service.getMappedPort(8080) + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(metrics.body().contains("naca_events_total"), metrics.body());
            service.getDockerClient().stopContainerCmd(service.getContainerId()).withTimeout(60).exec();
            Long exit = service.getDockerClient().inspectContainerCmd(service.getContainerId()).exec().getState()
                    .getExitCodeLong();
            assertEquals(143L, exit, "exit code after SIGTERM\n" + service.getLogs());
            assertTrue(service.getLogs().contains("naca-stream service: stopped"), service.getLogs());
            StagedStreams.assertLearnedExactlyOnce(bootstrap, "dvs.events", "naca.checkpoints", published, 2);
        }
    }

    /**
     * Adds the repository's files to the build context, less what .dockerignore leaves out (.git and every target
     * folder): Testcontainers sends a folder whole, .dockerignore or not.
     */
    private static ImageFromDockerfile repositoryContext(ImageFromDockerfile image, Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName().toString();
                return name.equals(".git") || name.equals("target") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!file.getFileName().toString().equals(".git")) {   // a worktree's .git is a file
                    image.withFileFromPath(root.relativize(file).toString(), file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return image;
    }
}
