package io.nacastream.service.config;

import io.nacastream.ingest.kafka.KafkaClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code kafka.*} keys: from the properties file, the environment and the arguments like every key; secrets from
 * {@code ${env:...}} and {@code ${file:...}} references; never echoed, and masked in the configuration dump.
 */
class KafkaClientKeysTest {

    private static final String PASSWORD = "pw-Zq81-never-shown";
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"naca\" password=\"" + PASSWORD + "\";";

    @Test
    void kafkaPropertiesComeFromFileEnvironmentAndArgumentsInTheUsualOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("naca.properties");
        Files.writeString(file, """
                bootstrap.servers=kafka-1:9093
                kafka.security.protocol=SASL_SSL
                kafka.sasl.mechanism=PLAIN
                kafka.consumer.max.poll.records=32
                """);
        ServiceConfig c = ServiceConfig.load(new String[] {"--config-file=" + file, "--kafka.sasl.mechanism=SCRAM-SHA-512"},
                Map.of("NACA_KAFKA_CONSUMER_MAX_POLL_RECORDS", "64", "NACA_KAFKA_SASL_MECHANISM", "OAUTHBEARER",
                        "NACA_KAFKA_PRODUCER_COMPRESSION_TYPE", "lz4"));
        KafkaClientConfig clients = Settings.of(c).kafka();
        assertEquals("kafka-1:9093", clients.bootstrap());
        assertEquals("SCRAM-SHA-512", clients.property(KafkaClientConfig.Kind.PRODUCER, "sasl.mechanism"),
                "an argument wins over the environment");
        assertEquals("64", clients.property(KafkaClientConfig.Kind.CONSUMER, "max.poll.records"),
                "the environment wins over the file");
        assertEquals("lz4", clients.property(KafkaClientConfig.Kind.PRODUCER, "compression.type"));
        assertEquals("SASL_SSL", clients.property(KafkaClientConfig.Kind.ADMIN, "security.protocol"));
    }

    @Test
    void secretsAreReadFromTheEnvironmentAndFromFiles(@TempDir Path dir) throws Exception {
        Path jaas = dir.resolve("jaas");
        Files.writeString(jaas, JAAS + "\n");
        Path props = dir.resolve("secrets.properties");
        Files.writeString(props, "truststore.password=" + PASSWORD + "\n");
        ServiceConfig c = ServiceConfig.of(Map.of(
                "bootstrap.servers", "kafka-1:9093",
                "kafka.sasl.jaas.config", "${file:" + jaas + "}",
                "kafka.ssl.truststore.password", "${file:" + props + ":truststore.password}",
                "kafka.ssl.keystore.password", "${env:KEYSTORE_PW}"), Map.of("KEYSTORE_PW", PASSWORD));
        KafkaClientConfig clients = Settings.of(c).kafka();
        assertEquals(JAAS, clients.property(KafkaClientConfig.Kind.CONSUMER, "sasl.jaas.config"),
                "the file's content, its trailing line break removed");
        assertEquals(PASSWORD, clients.property(KafkaClientConfig.Kind.CONSUMER, "ssl.truststore.password"));
        assertEquals(PASSWORD, clients.property(KafkaClientConfig.Kind.CONSUMER, "ssl.keystore.password"));
    }

    @Test
    void unresolvableReferencesFailNamingTheKeyAndTheReferenceButNoValue(@TempDir Path dir) {
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.of(
                Map.of("kafka.ssl.keystore.password", "${env:NOT_SET_ANYWHERE}"), Map.of()));
        assertTrue(env.getMessage().contains("'kafka.ssl.keystore.password'")
                && env.getMessage().contains("NOT_SET_ANYWHERE is not set"), env.getMessage());
        Path missing = dir.resolve("nope");
        IllegalArgumentException file = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.of(
                Map.of("kafka.sasl.jaas.config", "${file:" + missing + "}"), Map.of()));
        assertTrue(file.getMessage().contains(missing.toString()) && file.getMessage().contains("no such file"),
                file.getMessage());
    }

    @Test
    void theDumpShowsEveryValueWithItsSourceAndMasksSecrets(@TempDir Path dir) throws Exception {
        Path jaas = dir.resolve("jaas");
        Files.writeString(jaas, JAAS);
        ServiceConfig c = ServiceConfig.load(new String[] {"--kafka.sasl.jaas.config=${file:" + jaas + "}",
            "--kafka.ssl.truststore.password=" + PASSWORD, "--bootstrap.servers=kafka-1:9093"},
                Map.of("NACA_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"));
        String dump = c.dump();
        assertFalse(dump.contains(PASSWORD), dump);
        assertTrue(dump.contains("kafka.sasl.jaas.config=[hidden]\n"), dump);
        assertTrue(dump.contains("kafka.ssl.truststore.password=[hidden]\n"), dump);
        assertTrue(dump.contains("# environment NACA_KAFKA_SASL_MECHANISM\nkafka.sasl.mechanism=SCRAM-SHA-512\n"),
                dump);
        assertTrue(dump.contains("# argument\nbootstrap.servers=kafka-1:9093\n"), dump);
        assertTrue(dump.contains("# default\ntopic.events=dvs.events\n"), dump);
    }

    @Test
    void aSecuredProtocolNeedsTheClusterNamedAndBadPropertiesAreRefused() {
        IllegalArgumentException embedded = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.of(Map.of("kafka.security.protocol", "SASL_SSL"), Map.of()));
        assertTrue(embedded.getMessage().contains("bootstrap.servers"), embedded.getMessage());
        assertEquals("PLAINTEXT", Settings.of(ServiceConfig.of(Map.of("kafka.security.protocol", "PLAINTEXT"),
                Map.of())).kafka().property(KafkaClientConfig.Kind.CONSUMER, "security.protocol"),
                "plaintext properties are fine on the in-process broker");
        IllegalArgumentException managed = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.of(Map.of(), Map.of("NACA_KAFKA_GROUP_ID", "other")));
        assertTrue(managed.getMessage().contains("'kafka.group.id'") && managed.getMessage().contains("group.id"),
                managed.getMessage());
    }

    /** The examples docs/service.md points to ("Secured clusters") load, and every property in them is Kafka's. */
    @Test
    void theDocumentedExamplesLoad() {
        Path examples = Path.of(System.getProperty("naca.repo.dir", "../.."), "docs", "examples");
        Map<String, String> env = Map.of("KAFKA_PASSWORD", PASSWORD, "KAFKA_TRUSTSTORE_PASSWORD", "ts",
                "KAFKA_KEYSTORE_PASSWORD", "ks", "OAUTH_CLIENT_SECRET", PASSWORD);
        Map<String, String> mechanisms = Map.of("kafka-sasl-scram.properties", "SCRAM-SHA-512",
                "kafka-mtls.properties", "", "kafka-oauthbearer.properties", "OAUTHBEARER");
        mechanisms.forEach((file, mechanism) -> {
            ServiceConfig c = ServiceConfig.load(new String[] {"--config-file=" + examples.resolve(file)}, env);
            KafkaClientConfig clients = Settings.of(c).kafka();
            String protocol = clients.property(KafkaClientConfig.Kind.CONSUMER, "security.protocol");
            assertTrue(protocol.equals("SASL_SSL") || protocol.equals("SSL"), file);
            assertEquals(mechanism.isEmpty() ? null : mechanism,
                    clients.property(KafkaClientConfig.Kind.PRODUCER, "sasl.mechanism"), file);
            assertFalse(c.dump().contains(PASSWORD), file);
        });
    }
}
