package io.nacastream.ingest.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A kafka-clients consumer bridged to a Reactor {@link Flux}, without reactor-kafka (discontinued).
 *
 * <ul>
 *   <li>One dedicated poll thread owns the consumer (which is not thread-safe).</li>
 *   <li>Backpressure: while downstream has no outstanding demand, all assigned partitions are paused and the
 *       thread keeps polling (so group membership stays alive); they resume when demand returns, and new demand
 *       wakes the thread up at once. Overshoot is at most one poll batch ({@code max.poll.records}).</li>
 *   <li>Ordering across topics: records of the {@code leadingTopic} (labels) are emitted before the other records
 *       of the same poll, and no other record is emitted while the leading topic is known to have unread records
 *       (those records are re-fetched later). A label produced before the events it covers is therefore always
 *       seen before them.</li>
 *   <li>Bounded mode: when {@code stopAt} completes with end offsets, the flux completes once every listed
 *       partition's position has reached its end offset. Completing it with no offsets ends the flux after the
 *       current poll: the graceful stop of an unbounded flux.</li>
 *   <li>Partition hand-over: a {@link PartitionListener} is told of assignments (to seek to checkpointed offsets),
 *       of revocations with the offsets emitted so far (to finish, checkpoint and commit first) and is called between
 *       polls. When the flux ends by {@code stopAt}, its partitions are revoked through the listener before the flux
 *       completes; when it is cancelled, they are lost.</li>
 * </ul>
 */
public final class KafkaFlux {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFlux.class);

    private KafkaFlux() {
    }

    /**
     * Receives records from {@code topics}.
     *
     * @param consumerFactory creates the consumer on the poll thread
     * @param topics          topics to subscribe to
     * @param leadingTopic    topic whose records must be seen first (null for none)
     * @param pollTimeout     longest blocking poll
     * @param stopAt          completes with the offsets at which to end the flux; never completes for an
     *                        unbounded flux; completing it exceptionally ends the flux with that error
     */
    public static <K, V> Flux<ConsumerRecord<K, V>> receive(Supplier<Consumer<K, V>> consumerFactory,
                                                            Collection<String> topics, String leadingTopic,
                                                            Duration pollTimeout,
                                                            CompletableFuture<Map<TopicPartition, Long>> stopAt) {
        return receive(consumerFactory, topics, leadingTopic, pollTimeout, stopAt, PartitionListener.NONE);
    }

    /** As {@link #receive(Supplier, Collection, String, Duration, CompletableFuture)}, telling {@code listener}. */
    public static <K, V> Flux<ConsumerRecord<K, V>> receive(Supplier<Consumer<K, V>> consumerFactory,
                                                            Collection<String> topics, String leadingTopic,
                                                            Duration pollTimeout,
                                                            CompletableFuture<Map<TopicPartition, Long>> stopAt,
                                                            PartitionListener listener) {
        Objects.requireNonNull(consumerFactory, "consumerFactory");
        Objects.requireNonNull(listener, "listener");
        List<String> topicList = List.copyOf(topics);
        return Flux.create(sink -> {
            AtomicBoolean closed = new AtomicBoolean();
            AtomicBoolean paused = new AtomicBoolean();
            AtomicReference<Consumer<K, V>> ref = new AtomicReference<>();
            Thread poller = new Thread(() -> {
                try (Consumer<K, V> consumer = consumerFactory.get()) {
                    ref.set(consumer);
                    if (!closed.get()) {
                        new PollLoop<>(consumer, listener, sink, closed, paused)
                                .run(topicList, leadingTopic, pollTimeout, stopAt);
                    }
                } catch (Throwable e) {
                    LOG.error("event=poll_failed topics={} error=\"{}\"", topicList, e.toString());
                    listener.closed();
                    sink.error(e);
                    return;
                }
                listener.closed();
                sink.complete();
            }, "kafka-poll-" + String.join(",", topicList));
            poller.setDaemon(true);
            sink.onRequest(n -> {
                Consumer<K, V> c = ref.get();
                if (c != null && paused.get()) {
                    c.wakeup();
                }
            });
            sink.onDispose(() -> {
                closed.set(true);
                Consumer<K, V> c = ref.get();
                if (c != null) {
                    c.wakeup();
                }
            });
            poller.start();
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /** The poll thread's loop and the partitions' emitted offsets, which only that thread touches. */
    private static final class PollLoop<K, V> implements ConsumerRebalanceListener {
        private final Consumer<K, V> consumer;
        private final PartitionListener listener;
        private final FluxSink<ConsumerRecord<K, V>> sink;
        private final AtomicBoolean closed;
        private final AtomicBoolean paused;
        private final Map<TopicPartition, Long> emitted = new HashMap<>();
        private boolean handedBack;

        PollLoop(Consumer<K, V> consumer, PartitionListener listener, FluxSink<ConsumerRecord<K, V>> sink,
                 AtomicBoolean closed, AtomicBoolean paused) {
            this.consumer = consumer;
            this.listener = listener;
            this.sink = sink;
            this.closed = closed;
            this.paused = paused;
        }

        void run(List<String> topics, String leadingTopic, Duration pollTimeout,
                 CompletableFuture<Map<TopicPartition, Long>> stopAt) {
            consumer.subscribe(topics, this);
            while (!closed.get()) {
                if (reachedEnd(consumer, stopAt)) {
                    handBack();
                    return;
                }
                listener.betweenPolls(consumer);
                Set<TopicPartition> assigned = consumer.assignment();
                if (sink.requestedFromDownstream() <= 0) {
                    paused.set(true);
                    if (!assigned.isEmpty()) {
                        consumer.pause(assigned);
                    }
                } else {
                    paused.set(false);
                    if (!consumer.paused().isEmpty()) {
                        consumer.resume(consumer.paused());
                    }
                }
                ConsumerRecords<K, V> records;
                try {
                    records = consumer.poll(pollTimeout);
                } catch (WakeupException e) {
                    continue;
                }
                if (records.isEmpty()) {
                    continue;
                }
                List<ConsumerRecord<K, V>> rest = new ArrayList<>(records.count());
                for (ConsumerRecord<K, V> record : records) {
                    if (record.topic().equals(leadingTopic)) {
                        emit(record);
                    } else {
                        rest.add(record);
                    }
                }
                if (leadingTopic != null && !rest.isEmpty() && leadingTopicBehind(consumer, leadingTopic)) {
                    rewind(consumer, rest);
                    continue;
                }
                for (ConsumerRecord<K, V> record : rest) {
                    emit(record);
                }
            }
            if (!handedBack) {   // cancelled: downstream is gone and cannot finish what it was sent
                handedBack = true;
                listener.lost(consumer.assignment());
            }
        }

        private void emit(ConsumerRecord<K, V> record) {
            emitted.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            sink.next(record);
        }

        /** The graceful end: downstream finishes and saves every owned partition before the consumer closes. */
        private void handBack() {
            Set<TopicPartition> owned = consumer.assignment();
            if (!owned.isEmpty()) {
                listener.revoked(consumer, owned, emittedOf(owned));
            }
            handedBack = true;
        }

        private Map<TopicPartition, Long> emittedOf(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> out = new HashMap<>();
            for (TopicPartition tp : partitions) {
                Long next = emitted.remove(tp);
                if (next != null) {
                    out.put(tp, next);
                }
            }
            return out;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!handedBack) {
                listener.assigned(consumer, partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!handedBack && !partitions.isEmpty()) {
                listener.revoked(consumer, partitions, emittedOf(partitions));
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            emittedOf(partitions);
            if (!handedBack) {
                listener.lost(partitions);
            }
        }
    }

    /** True while a partition of the leading topic has, or may have, records not yet returned by poll. */
    private static boolean leadingTopicBehind(Consumer<?, ?> consumer, String leadingTopic) {
        for (TopicPartition tp : consumer.assignment()) {
            if (tp.topic().equals(leadingTopic)) {
                OptionalLong lag = consumer.currentLag(tp);
                if (lag.isEmpty() || lag.getAsLong() > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Seeks each partition in {@code held} back to its first held record so the records are fetched again. */
    private static void rewind(Consumer<?, ?> consumer, List<? extends ConsumerRecord<?, ?>> held) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<?, ?> r : held) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        first.forEach(consumer::seek);
    }

    /**
     * True once every partition has reached its {@code stopAt} offset. A {@code stopAt} that failed (its producer
     * could not finish) ends the flux with that failure rather than leaving it to wait forever.
     */
    private static boolean reachedEnd(Consumer<?, ?> consumer, CompletableFuture<Map<TopicPartition, Long>> stopAt) {
        if (stopAt == null || !stopAt.isDone()) {
            return false;
        }
        Map<TopicPartition, Long> end = stopAt.join(); // throws the failure, which errors the flux
        Set<TopicPartition> assigned = consumer.assignment();
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            if (!assigned.contains(e.getKey()) || consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
