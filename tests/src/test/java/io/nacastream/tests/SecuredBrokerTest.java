package io.nacastream.tests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain Kafka clients against a broker that authenticates (SASL_SSL, SCRAM-SHA-512) and authorizes (ACLs). */
class SecuredBrokerTest {

    /** Users that run the service's flow, each with one ACL of its minimal set left out. */
    private static final int PROBES = 9;
    private static final Map<String, String> USERS = users();

    private static SecuredBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = SecuredBroker.start(USERS);
        broker.superUser().createTopics(List.of(new NewTopic("secured.plain", 1, (short) 1))).all()
                .get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void aWriterProducesAndAReaderConsumesWhatTheirAclsAllow() throws Exception {
        broker.grant("writer", TOPIC, "secured.plain", LITERAL, WRITE, DESCRIBE);
        broker.grant("reader", TOPIC, "secured.plain", LITERAL, READ);
        broker.grant("reader", GROUP, "readers", LITERAL, READ);
        try (KafkaProducer<String, String> producer = producer("writer")) {
            producer.send(new ProducerRecord<>("secured.plain", "k", "hello")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = consumer("reader", "readers")) {
            consumer.subscribe(List.of("secured.plain"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(200));
            }
            assertEquals("hello", records.iterator().next().value());
            consumer.commitSync();
        }
    }

    @Test
    void aWrongPasswordFailsAuthentication() {
        Map<String, Object> config = config("writer", "not-the-password");
        try (Admin admin = Admin.create(config)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("Authentication failed"), e.getCause().getMessage());
        }
    }

    @Test
    void anAuthenticatedUserWithoutAclsIsDenied() throws Exception {
        try (KafkaProducer<String, String> producer = producer("nobody")) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("secured.plain", "k", "v")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, e.getCause());
        }
        try (KafkaConsumer<String, String> consumer = consumer("nobody", null)) {
            consumer.assign(List.of(new TopicPartition("secured.plain", 0)));
            assertThrows(TopicAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(10)));
        }
        broker.grant("reader", TOPIC, "secured.plain", LITERAL, READ);
        try (KafkaConsumer<String, String> consumer = consumer("reader", "not-the-readers-group")) {
            consumer.subscribe(List.of("secured.plain"));
            assertThrows(GroupAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(10)));
        }
    }

    @Test
    void theServiceFlowRunsOnItsMinimalAcls() throws Exception {
        ServiceClientFlow flow = ServiceClientFlow.named("naca-stream");
        flow.prepare(broker.superUser(), broker.superUserBootstrap());
        broker.grant(flow.minimalAcls("service"));
        flow.run(config("service", USERS.get("service")));
    }

    @Test
    void theServiceFlowFailsWithoutAnyOneOfItsMinimalAcls() throws Exception {
        int size = ServiceClientFlow.named("probe").minimalAcls("probe").size();
        assertEquals(PROBES, size, "one probe user per ACL");
        for (int i = 0; i < size; i++) {
            String user = "probe-" + i;
            ServiceClientFlow flow = ServiceClientFlow.named(user);
            flow.prepare(broker.superUser(), broker.superUserBootstrap());
            List<AclBinding> acls = new ArrayList<>(flow.minimalAcls(user));
            AclBinding missing = acls.remove(i);
            broker.grant(acls);
            Exception e = assertThrows(Exception.class, () -> flow.run(config(user, USERS.get(user))),
                    "the flow must fail without " + missing);
            Throwable cause = e;
            while (cause != null && !(cause instanceof AuthorizationException)) {
                cause = cause.getCause();
            }
            assertInstanceOf(AuthorizationException.class, cause, "refused for want of " + missing + ": " + e);
        }
    }

    private static Map<String, String> users() {
        Map<String, String> users = new HashMap<>(Map.of("writer", "writer-secret", "reader", "reader-secret",
                "nobody", "nobody-secret", "service", "service-secret"));
        for (int i = 0; i < PROBES; i++) {
            users.put("probe-" + i, "probe-secret-" + i);
        }
        return users;
    }

    private static Map<String, Object> config(String user, String password) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties(user, password));
        config.put("bootstrap.servers", broker.bootstrapServers());
        return config;
    }

    private static KafkaProducer<String, String> producer(String user) {
        Map<String, Object> config = config(user, USERS.get(user));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String user, String group) {
        Map<String, Object> config = config(user, USERS.get(user));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
