package io.nacastream.tests;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.kafka.KafkaFlux;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.kafka.LabelCodec;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.wire.PacketCodec;
import io.nacastream.service.BoundedRun;
import io.nacastream.service.RunSummary;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.store.MemoryCheckpointStore;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.BaseSubscriber;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.nacastream.tests.SinkTopicReader.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main job, a bounded run and the Kafka bridge against a real in-process KRaft broker. */
@ExtendWith(SharedBroker.class)
class EmbeddedBrokerTest {


    @Test
    void mainJobLearnsOnlineAndPublishesPredictionsAndEnergy() throws Exception {
        MainJobAssertions.runAndCheck(SharedBroker.bootstrap());
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicAndTheStreamGoesOn() throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        Map<String, String> topics = Map.of("topic.events", "dlt.events", "topic.labels", "dlt.labels",
                "topic.predictions", "dlt.predictions", "topic.energy", "dlt.energy",
                "topic.dead-letter", "dlt.dead", "group.id", "dlt-test", "prediction.interval-ms", "10");
        ServiceConfig config = ServiceConfig.of(topics, Map.of());
        KafkaTopics.ensure(bootstrap, topics.entrySet().stream().filter(e -> e.getKey().startsWith("topic."))
                .map(Map.Entry::getValue).toList(), 1);
        EventPacket.Builder b = EventPacket.builder("cam", 128, 128, 4000);
        for (int i = 0; i < 4000; i++) {
            b.add(40 + i % 8, 40 + (i / 8) % 8, i % 2 == 0, 1_000 + i * 50L);
        }
        byte[] good = PacketCodec.encode(b.build());
        byte[] truncated = Arrays.copyOf(good, 100);
        byte[] badLabel = "{\"streamId\":\"cam\",\"classId\":2}".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> p = producer(bootstrap)) {
            p.send(new ProducerRecord<>("dlt.labels", "cam",
                    LabelCodec.encode(new LabelSegment("cam", 2, 0, 150_000, true))));
            p.send(new ProducerRecord<>("dlt.labels", "cam", badLabel));
            p.send(new ProducerRecord<>("dlt.events", "cam", truncated));
            p.send(new ProducerRecord<>("dlt.events", "cam", good));
            p.flush();
        }
        CompletableFuture<Map<TopicPartition, Long>> stopAt = CompletableFuture.completedFuture(
                KafkaTopics.endOffsets(bootstrap, List.of("dlt.events", "dlt.labels")));
        RunSummary summary = BoundedRun.run(StreamService.options().store(new MemoryCheckpointStore()).withoutHttp()
                .build(config, bootstrap, Clock.systemUTC()), stopAt, Duration.ofSeconds(60), Clock.systemUTC());
        assertEquals(1, summary.packets());
        assertEquals(4000, summary.events());
        assertEquals(2, summary.deadLetters());
        assertEquals(1, summary.evaluation().learned().instances());          // the good packet was learned under its label

        List<ConsumerRecord<byte[], byte[]>> dead = SinkTopicReader.readAll(bootstrap, "dlt.dead");
        assertEquals(2, dead.size());
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String source = header(r, SinkWriter.HEADER_SOURCE_TOPIC);
            String error = header(r, SinkWriter.HEADER_ERROR);
            if (source.equals("dlt.events")) {
                assertArrayEquals(truncated, r.value());
                assertTrue(error.contains("truncated"), error);
                assertEquals("0", header(r, SinkWriter.HEADER_SOURCE_OFFSET));
            } else {
                assertEquals("dlt.labels", source);
                assertArrayEquals(badLabel, r.value());
                assertTrue(error.contains("startUs"), error);
                assertEquals("1", header(r, SinkWriter.HEADER_SOURCE_OFFSET));
            }
            assertEquals("cam", new String(r.key(), StandardCharsets.UTF_8));
        }
        assertTrue(SinkTopicReader.readAll(bootstrap, "dlt.predictions").size() > 10);
    }

    @Test
    void fluxDeliversOnlyWhatIsRequestedAndPausesTheConsumer() throws Exception {
        String bootstrap = SharedBroker.bootstrap();
        KafkaTopics.ensure(bootstrap, List.of("bp.events"), 1);
        try (KafkaProducer<String, byte[]> p = producer(bootstrap)) {
            for (int i = 0; i < 1000; i++) {
                p.send(new ProducerRecord<>("bp.events", "k", new byte[] {(byte) i}));
            }
            p.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> received = new CopyOnWriteArrayList<>();
        BaseSubscriber<ConsumerRecord<byte[], byte[]>> subscriber = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                request(10);
            }

            @Override
            protected void hookOnNext(ConsumerRecord<byte[], byte[]> r) {
                received.add(r);
            }
        };
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bp-test");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        KafkaFlux.receive(() -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                List.of("bp.events"), null, Duration.ofMillis(100), new CompletableFuture<>()).subscribe(subscriber);
        waitFor(() -> received.size() >= 10, 30_000);
        Thread.sleep(1500);
        assertEquals(10, received.size(), "no record beyond demand");
        subscriber.request(90);
        waitFor(() -> received.size() >= 100, 10_000);
        Thread.sleep(500);
        assertEquals(100, received.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, received.get(i).offset(), "in order, none lost");
        }
        subscriber.dispose();
    }

    @Test
    void aFailedStopAtEndsTheFluxWithItsError() throws Exception {
        String topic = "failed-stop.events";
        KafkaTopics.ensure(SharedBroker.bootstrap(), List.of(topic), 1);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "failed-stop");
        CompletableFuture<Map<TopicPartition, Long>> stopAt = new CompletableFuture<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        KafkaFlux.receive(() -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                List.of(topic), null, Duration.ofMillis(100), stopAt)
                .subscribe(r -> { }, ended::complete, () -> ended.complete(null));
        Thread.sleep(500);
        assertTrue(!ended.isDone(), "still running while the producer works");
        stopAt.completeExceptionally(new IllegalStateException("publisher crashed"));
        Throwable error = ended.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(error != null && String.valueOf(error.getCause()).contains("publisher crashed"),
                "the flux must end with the producer's failure, not wait forever: " + error);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met in " + timeoutMs + " ms");
            }
            Thread.sleep(20);
        }
    }


    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
