package io.nacastream.tests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the service does on Kafka, done with plain clients, to find the ACLs it needs: an admin describes the cluster
 * and the input topics and lists their end offsets; a {@code read_committed} member of the group reads both inputs;
 * a transactional producer (id {@code naca-stream-<group>-0}) writes three outputs and the compacted checkpoint topic
 * and commits the inputs' offsets in the same transaction; a consumer without a group reads the checkpoints back.
 */
record ServiceClientFlow(String group, List<String> inputs, List<String> outputs, String checkpoints) {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The flow of group {@code name}: inputs {@code name.a .b}, outputs {@code .c .d .e}, {@code .checkpoints}. */
    static ServiceClientFlow named(String name) {
        return new ServiceClientFlow(name, List.of(name + ".a", name + ".b"),
                List.of(name + ".c", name + ".d", name + ".e"), name + ".checkpoints");
    }

    /** The fewest ACLs {@code user} needs for {@link #run} (verified by leaving each out in SecuredBrokerTest). */
    List<AclBinding> minimalAcls(String user) {
        List<AclBinding> acls = new ArrayList<>();
        inputs.forEach(t -> acls.add(allow(user, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ)));
        acls.add(allow(user, ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ));
        Stream.concat(outputs.stream(), Stream.of(checkpoints)).forEach(t ->
                acls.add(allow(user, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.WRITE)));
        acls.add(allow(user, ResourceType.TOPIC, checkpoints, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(user, ResourceType.TRANSACTIONAL_ID, "naca-stream-" + group + "-", PatternType.PREFIXED,
                AclOperation.WRITE));
        return acls;
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    /** Creates the topics (the checkpoint topic compacted) and puts one record in each input, as a super user. */
    void prepare(Admin superUser, String superUserBootstrap) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        Stream.concat(inputs.stream(), outputs.stream()).forEach(t -> topics.add(new NewTopic(t, 1, (short) 1)));
        topics.add(new NewTopic(checkpoints, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        superUser.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, superUserBootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (String input : inputs) {
                producer.send(new ProducerRecord<>(input, "cam", "input")).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs the flow with this client configuration (bootstrap and credentials); throws what the broker refuses. */
    void run(Map<String, Object> client) throws Exception {
        List<TopicPartition> inputPartitions = inputs.stream().map(t -> new TopicPartition(t, 0)).toList();
        try (Admin admin = Admin.create(client)) {
            admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            admin.describeTopics(inputs).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            inputPartitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        }
        KafkaProducer<String, String> producer = transactionalProducer(client);
        try (KafkaConsumer<String, String> consumer = consumer(client, group)) {
            consumer.subscribe(inputs);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (offsets.size() < inputs.size()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("inputs not read in " + WAIT + ": " + offsets);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
            }
            producer.initTransactions();
            producer.beginTransaction();
            outputs.forEach(t -> producer.send(new ProducerRecord<>(t, "cam", "output")));
            producer.send(new ProducerRecord<>(checkpoints, "model/cam", "checkpoint"));
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            if (!consumer.committed(offsets.keySet()).equals(offsets)) {
                throw new AssertionError("offsets not committed with the transaction: " + offsets);
            }
        } finally {
            producer.close(Duration.ZERO);      // a refused transaction would otherwise retry its abort for a minute
        }
        readCheckpoint(client);
    }

    private void readCheckpoint(Map<String, Object> client) {
        try (KafkaConsumer<String, String> reader = consumer(client, null)) {
            TopicPartition partition = new TopicPartition(checkpoints, 0);
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            reader.endOffsets(List.of(partition));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (reader.poll(Duration.ofMillis(100)).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("checkpoint not read back in " + WAIT);
                }
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> client, String group) {
        Map<String, Object> config = new HashMap<>(client);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private KafkaProducer<String, String> transactionalProducer(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "naca-stream-" + group + "-0");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
