package io.nacastream.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.cli.Main;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.nacs.NacsWriter;
import io.nacastream.service.command.CommandContext;
import io.nacastream.service.store.KafkaCheckpointStore;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service on a secured cluster: an in-process KRaft broker with a SASL_SSL listener (a throw-away CA), SCRAM
 * users and the StandardAuthorizer denying by default. With a wrong password, and as a user without ACLs, the
 * service keeps running, not ready, saying why on /health/ready; as its own user with exactly the ACLs
 * docs/service.md lists it waits out the one missing at first (its group), then learns and publishes exactly once.
 * The synthetic publisher and {@code publish} connect the same way. No password or key appears in any log.
 */
class SecuredServiceTest {

    private static final String P = "sec";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theServiceLearnsOnASecuredClusterWithItsAclsAndWaitsOutRefusals(@TempDir Path dir) throws Exception {
        Map<String, String> passwords = Map.of("naca-stream", secret(), "publisher", secret(), "carol", secret());
        try (SecuredBroker broker = SecuredBroker.start(passwords)) {
            createTopics(broker);
            broker.grant("publisher", ResourceType.TOPIC, P + ".events", PatternType.LITERAL, AclOperation.WRITE);
            broker.grant("publisher", ResourceType.TOPIC, P + ".labels", PatternType.LITERAL, AclOperation.WRITE);
            grantServiceAllButItsGroup(broker);
            Path secrets = Files.createDirectories(dir.resolve("secrets"));
            String wrong = secret();
            Files.writeString(secrets.resolve("wrong"), wrong + "\n");
            passwords.forEach((user, pw) -> write(secrets.resolve(user), pw));
            Path truststorePassword = secrets.resolve("truststore");
            write(truststorePassword, broker.truststorePassword());

            String published = publishSynthetic(broker, secrets.resolve("publisher"), truststorePassword);
            assertTrue(published.contains("published"), published);
            String piped = publishRecording(broker, secrets.resolve("publisher"), truststorePassword);
            assertTrue(piped.contains("published cam-secure: 2,000 events"), piped);

            List<String> logs = new ArrayList<>();
            try (ServiceProcess intruder = service(dir, "intruder", broker, "naca-stream", secrets.resolve("wrong"),
                    truststorePassword)) {
                String reason = awaitNotReady(intruder, "refused the credentials");
                assertTrue(reason.contains("SaslAuthenticationException"), reason);
                assertTrue(intruder.answers("/health/live", 200), "it keeps running");
                assertEquals(143, intruder.terminate(Duration.ofSeconds(30)));
                assertTrue(intruder.logText().contains("naca-stream service: stopped"), "SIGTERM while waiting for "
                        + "the cluster stops it gracefully\n" + intruder.logText());
                logs.add(intruder.logText());
            }
            try (ServiceProcess carol = service(dir, "carol", broker, "carol", secrets.resolve("carol"),
                    truststorePassword)) {
                String reason = awaitNotReady(carol, "refused an operation");
                assertTrue(reason.contains("TopicAuthorizationException")
                        && reason.contains("describe topic " + P + ".events"), reason);
                assertTrue(carol.answers("/health/live", 200), "it keeps running");
                assertEquals(143, carol.terminate(Duration.ofSeconds(30)));
                logs.add(carol.logText());
            }
            try (ServiceProcess naca = service(dir, "naca", broker, "naca-stream", secrets.resolve("naca-stream"),
                    truststorePassword)) {
                String reason = awaitNotReady(naca, "GroupAuthorizationException");
                assertTrue(reason.contains("refused an operation"), reason);
                broker.grant("naca-stream", ResourceType.GROUP, P, PatternType.LITERAL, AclOperation.READ);
                naca.await("ready once its group is granted", Duration.ofSeconds(60),
                        () -> naca.answers("/health/ready", 200));
                naca.await("every input record consumed and committed", Duration.ofSeconds(120),
                        () -> StagedStreams.committedAtEnd(broker.superUserBootstrap(), P, P + ".events")
                                && StagedStreams.committedAtEnd(broker.superUserBootstrap(), P, P + ".labels"));
                String models = naca.get("/models").body();
                passwords.values().forEach(pw -> assertFalse(models.contains(pw), "/models shows no secret"));
                assertFalse(models.contains(broker.truststorePassword()), "/models shows no secret");
                assertEquals(143, naca.terminate(Duration.ofSeconds(60)));
                logs.add(naca.logText());
            }
            var predictions = SinkTopicReader.readCommitted(broker.superUserBootstrap(), P + ".predictions");
            assertTrue(predictions.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8)
                    .contains("\"type\":\"evaluation\"")), "published through the secured cluster, committed");
            assertEquals(0, SinkTopicReader.readAll(broker.superUserBootstrap(), P + ".dead-letter").size());

            List<String> secretsSeen = new ArrayList<>(passwords.values());
            secretsSeen.add(wrong);
            secretsSeen.add(broker.truststorePassword());
            for (String log : logs) {
                assertTrue(log.contains("event=cluster_access_refused"), "each refusal is logged with its reason:\n"
                        + log);
                for (String s : secretsSeen) {
                    assertFalse(log.contains(s), "a secret appears in a log:\n" + log);
                }
            }
        }
    }

    /** Exactly the ACLs docs/service.md lists, but the group's: the service must wait for that one. */
    private static void grantServiceAllButItsGroup(SecuredBroker broker) throws Exception {
        String user = "naca-stream";
        for (String input : List.of(P + ".events", P + ".labels")) {
            broker.grant(user, ResourceType.TOPIC, input, PatternType.LITERAL, AclOperation.READ);
        }
        for (String output : List.of(P + ".predictions", P + ".energy", P + ".dead-letter")) {
            broker.grant(user, ResourceType.TOPIC, output, PatternType.LITERAL, AclOperation.WRITE);
        }
        broker.grant(user, ResourceType.TOPIC, P + ".checkpoints", PatternType.LITERAL, AclOperation.READ,
                AclOperation.WRITE);
        broker.grant(user, ResourceType.TRANSACTIONAL_ID, "naca-stream-" + P + "-", PatternType.PREFIXED,
                AclOperation.WRITE);
    }

    /** The operators create the topics: the service needs no right to create any. */
    private static void createTopics(SecuredBroker broker) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String t : List.of("events", "labels", "predictions", "energy", "dead-letter")) {
            topics.add(new NewTopic(P + "." + t, 1, (short) 1));
        }
        topics.add(new NewTopic(P + ".checkpoints", 1, (short) 1).configs(KafkaCheckpointStore.TOPIC_CONFIG));
        broker.superUser().createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }

    /** Runs the {@code synthetic} command as the publisher; returns what it printed. */
    private static String publishSynthetic(SecuredBroker broker, Path password, Path truststorePassword)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("synthetic", "--topic.events=" + P + ".events",
                "--topic.labels=" + P + ".labels", "--synthetic.train-subjects=2", "--synthetic.test-subjects=1"));
        args.addAll(clientOptions(broker, "publisher", password, truststorePassword));
        return run(args, new ByteArrayInputStream(new byte[0]));
    }

    /** Runs {@code publish} as the publisher: a recording in our format from standard input, without labels. */
    private static String publishRecording(SecuredBroker broker, Path password, Path truststorePassword)
            throws Exception {
        ByteArrayOutputStream recording = new ByteArrayOutputStream();
        EventPacket.Builder packet = EventPacket.builder("cam-secure", 128, 128, 2000);
        for (int i = 0; i < 2000; i++) {
            packet.add(i % 128, (i * 7) % 128, i % 2 == 0, 1000L + i * 50L);
        }
        new NacsWriter(recording).write(packet.build());
        List<String> args = new ArrayList<>(List.of("publish", "--topic=" + P + ".events",
                "--labels-topic=" + P + ".labels", "--no-labels", "--quiet", "--stream-id=cam-secure"));
        args.addAll(clientOptions(broker, "publisher", password, truststorePassword).stream()
                .map(o -> o.replace("--bootstrap.servers=", "--bootstrap=")).toList());
        args.add("-");
        return run(args, new ByteArrayInputStream(recording.toByteArray()));
    }

    private static String run(List<String> args, java.io.InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Main.commandLine().execute(args.toArray(String[]::new),
                new CommandContext(Map.of(), in, print, print, Clock.systemUTC()));
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ServiceProcess service(Path dir, String name, SecuredBroker broker, String user, Path password,
                                          Path truststorePassword) throws Exception {
        List<String> options = new ArrayList<>(List.of("--http.bind-address=127.0.0.1", "--group.id=" + P,
                "--checkpoint.topic=" + P + ".checkpoints", "--checkpoint.interval-ms=500", "--learner.mode=tick"));
        for (String t : List.of("events", "labels", "predictions", "energy", "dead-letter")) {
            options.add("--topic." + t + "=" + P + "." + t);
        }
        options.addAll(clientOptions(broker, user, password, truststorePassword));
        return ServiceProcess.start(dir, name, 768, List.of("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info",
                "-cp", System.getProperty("java.class.path"), "io.nacastream.cli.Main", "service"), options);
    }

    /** The client options of {@code user}, its password and the truststore's read from files, never written out. */
    private static List<String> clientOptions(SecuredBroker broker, String user, Path password,
                                              Path truststorePassword) {
        return List.of("--bootstrap.servers=" + broker.bootstrapServers(),
                "--kafka.security.protocol=SASL_SSL", "--kafka.sasl.mechanism=SCRAM-SHA-512",
                "--kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"${file:" + password + "}\";",
                "--kafka.ssl.truststore.type=PKCS12", "--kafka.ssl.truststore.location=" + broker.truststore(),
                "--kafka.ssl.truststore.password=${file:" + truststorePassword + "}");
    }

    /** Waits until /health/ready answers 503 with a reason containing {@code expected}; returns the reason. */
    private static String awaitNotReady(ServiceProcess service, String expected) throws Exception {
        String[] reason = {""};
        service.await("not ready because " + expected, Duration.ofSeconds(60), () -> {
            HttpResponse<String> r = service.get("/health/ready");
            if (r == null || r.statusCode() != 503) {
                return false;
            }
            try {
                JsonNode body = JSON.readTree(r.body());
                reason[0] = body.path("reason").asText();
            } catch (Exception e) {
                return false;
            }
            return reason[0].contains(expected);
        });
        return reason[0];
    }

    private static String secret() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return "pw-" + HexFormat.of().formatHex(b);
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
