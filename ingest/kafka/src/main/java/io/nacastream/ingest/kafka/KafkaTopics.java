package io.nacastream.ingest.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Topic administration the service needs: create its topics if missing, read end offsets. Topics that exist are only
 * described, so a deployment whose topics are created by its operators needs no right to create any.
 */
public final class KafkaTopics {

    private static final long TIMEOUT_S = 30;

    private KafkaTopics() {
    }

    /** Creates each topic that does not exist yet, with {@code partitions} partitions and replication factor 1. */
    public static void ensure(String bootstrap, Collection<String> names, int partitions) throws Exception {
        ensure(KafkaClientConfig.plaintext(bootstrap), names, partitions, Map.of());
    }

    /** As {@link #ensure(KafkaClientConfig, Collection, int, Map)} without topic configs. */
    public static void ensure(KafkaClientConfig clients, Collection<String> names, int partitions) throws Exception {
        ensure(clients, names, partitions, Map.of());
    }

    /**
     * Creates each topic that does not exist yet, with {@code partitions} partitions, replication factor 1 and these
     * topic {@code configs}; one the client may not describe, or may not create when missing, fails with an
     * {@link AuthorizationException} naming the topic and the right it needs.
     */
    public static void ensure(KafkaClientConfig clients, Collection<String> names, int partitions,
                              Map<String, String> configs) throws Exception {
        try (Admin admin = admin(clients)) {
            List<String> missing = new ArrayList<>();
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(names).topicNameValues();
            for (String name : names) {   // in the caller's order, so the first refusal reported is the same each time
                try {
                    described.get(name).get(TIMEOUT_S, TimeUnit.SECONDS);
                } catch (ExecutionException failure) {
                    if (failure.getCause() instanceof UnknownTopicOrPartitionException) {
                        missing.add(name);
                    } else {
                        throw refused(failure, "describe topic " + name + " (grant DESCRIBE, READ or WRITE on it)");
                    }
                }
            }
            for (String name : missing) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all()
                            .get(TIMEOUT_S, TimeUnit.SECONDS);
                } catch (ExecutionException failure) {
                    if (!(failure.getCause() instanceof TopicExistsException)) {
                        throw refused(failure, "create the missing topic " + name + " (create it beforehand, or "
                                + "grant CREATE on it)");
                    }
                }
            }
        }
    }

    /** The cause of {@code failure}; an authorization failure is rethrown saying what was refused and why. */
    private static Exception refused(ExecutionException failure, String what) {
        if (failure.getCause() instanceof AuthorizationException a) {
            return new AuthorizationException("not authorized to " + what + ": " + a.getClass().getSimpleName()
                    + ": " + a.getMessage(), a);
        }
        return failure;
    }

    /** Current end offset of every partition of {@code topics}. */
    public static Map<TopicPartition, Long> endOffsets(String bootstrap, Collection<String> topics) throws Exception {
        return endOffsets(KafkaClientConfig.plaintext(bootstrap), topics);
    }

    /** Current end offset of every partition of {@code topics}, asked as {@code clients} says. */
    public static Map<TopicPartition, Long> endOffsets(KafkaClientConfig clients, Collection<String> topics)
            throws Exception {
        try (Admin admin = admin(clients)) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(request).all().get(TIMEOUT_S, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    /** Number of partitions of each of {@code topics}. */
    public static Map<String, Integer> partitionCounts(KafkaClientConfig clients, Collection<String> topics)
            throws Exception {
        try (Admin admin = admin(clients)) {
            Map<String, Integer> out = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS)
                    .forEach((name, d) -> out.put(name, d.partitions().size()));
            return out;
        }
    }

    /** An admin client made as {@code clients} says. */
    public static Admin admin(KafkaClientConfig clients) {
        return admin(clients, Map.of());
    }

    /** An admin client made as {@code clients} says, over these {@code defaults}. */
    public static Admin admin(KafkaClientConfig clients, Map<String, Object> defaults) {
        return Admin.create(clients.properties(KafkaClientConfig.Kind.ADMIN, defaults));
    }
}
