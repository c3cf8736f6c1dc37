package io.nacastream.ingest.kafka;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user's Kafka client properties over each client's defaults: precedence, kinds, refusals and secrets. */
class KafkaClientConfigTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"svc\" password=\"s3cret-pw\";";

    @Test
    void perKindPropertiesWinOverCommonOnesWhichWinOverDefaults() {
        KafkaClientConfig c = KafkaClientConfig.of("broker:9093", Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.linger.ms", "20",
                "kafka.producer.linger.ms", "50",
                "kafka.consumer.max.poll.records", "64",
                "kafka.admin.request.timeout.ms", "9000"));
        Map<String, Object> producer = c.properties(KafkaClientConfig.Kind.PRODUCER, Producers.DEFAULTS);
        assertEquals("50", producer.get(ProducerConfig.LINGER_MS_CONFIG), "kafka.producer.* wins over kafka.*");
        assertEquals("all", producer.get(ProducerConfig.ACKS_CONFIG), "defaults the user did not set stay");
        assertEquals("SASL_SSL", producer.get("security.protocol"));
        assertEquals("broker:9093", producer.get("bootstrap.servers"));
        Map<String, Object> consumer = c.properties(KafkaClientConfig.Kind.CONSUMER,
                Map.of("max.poll.records", 256));
        assertEquals("64", consumer.get("max.poll.records"));
        assertEquals("SASL_SSL", consumer.get("security.protocol"));
        assertFalse(consumer.containsKey("linger.ms"), "a common property goes only to the clients that know it");
        assertFalse("9000".equals(consumer.get("request.timeout.ms")), "kafka.admin.* stays with the admin client");
        assertEquals("9000", c.properties(KafkaClientConfig.Kind.ADMIN, Map.of()).get("request.timeout.ms"));
        assertEquals("other:1", c.at("other:1").properties(KafkaClientConfig.Kind.ADMIN, Map.of())
                .get("bootstrap.servers"));
        assertEquals("SASL_SSL", c.property(KafkaClientConfig.Kind.ADMIN, "security.protocol"));
        assertNull(c.property(KafkaClientConfig.Kind.ADMIN, "sasl.mechanism"));
        assertTrue(c.customised());
        assertFalse(KafkaClientConfig.plaintext("b:1").customised());
    }

    @Test
    void propertiesTheProcessDecidesAndUnknownOnesAreRefusedNamingTheKey() {
        IllegalArgumentException managed = assertThrows(IllegalArgumentException.class,
                () -> KafkaClientConfig.of("b:1", Map.of("kafka.consumer.isolation.level", "read_uncommitted")));
        assertTrue(managed.getMessage().contains("'kafka.consumer.isolation.level'")
                && managed.getMessage().contains("processing.guarantee"), managed.getMessage());
        IllegalArgumentException bootstrap = assertThrows(IllegalArgumentException.class,
                () -> KafkaClientConfig.of("b:1", Map.of("kafka.bootstrap.servers", "x:1")));
        assertTrue(bootstrap.getMessage().contains("bootstrap.servers"), bootstrap.getMessage());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> KafkaClientConfig.of("b:1", Map.of("kafka.sasl.mechansim", "PLAIN")));
        assertTrue(typo.getMessage().contains("'kafka.sasl.mechansim'")
                && typo.getMessage().contains("not a Kafka client property"), typo.getMessage());
        IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class,
                () -> KafkaClientConfig.of("b:1", Map.of("kafka.admin.linger.ms", "5")));
        assertTrue(wrongKind.getMessage().contains("not a Kafka admin property"), wrongKind.getMessage());
    }

    @Test
    void kafkasPasswordPropertiesAreSecretsAndNeverShown() {
        assertTrue(KafkaClientConfig.secret("kafka.sasl.jaas.config"));
        assertTrue(KafkaClientConfig.secret("kafka.ssl.truststore.password"));
        assertTrue(KafkaClientConfig.secret("kafka.producer.ssl.key.password"));
        assertFalse(KafkaClientConfig.secret("kafka.ssl.truststore.location"));
        KafkaClientConfig c = KafkaClientConfig.of("b:1", Map.of("kafka.sasl.jaas.config", JAAS,
                "kafka.consumer.ssl.keystore.password", "ks-pw-42", "kafka.sasl.mechanism", "SCRAM-SHA-512"));
        String shown = c.toString();
        assertFalse(shown.contains("s3cret-pw") || shown.contains("ks-pw-42"), shown);
        assertTrue(shown.contains("kafka.sasl.jaas.config=[hidden]") && shown.contains("SCRAM-SHA-512"), shown);
    }
}
