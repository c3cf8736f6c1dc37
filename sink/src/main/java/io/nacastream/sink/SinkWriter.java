package io.nacastream.sink;

import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.eval.PrequentialReport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes predictions, segment verdicts, energy reports and dead letters to their topics. Sends are asynchronous;
 * the first send failure is kept and rethrown by {@link #flush()}, so no loss goes unnoticed.
 */
public final class SinkWriter implements AutoCloseable {

    /** Header naming why a record was dead-lettered. */
    public static final String HEADER_ERROR = "naca.error";
    /** Header naming the kind of error of a dead letter ({@code RejectKind.id()}, e.g. {@code malformed-packet}). */
    public static final String HEADER_ERROR_KIND = "naca.error.kind";
    /** Header with the source topic of a dead letter. */
    public static final String HEADER_SOURCE_TOPIC = "naca.source.topic";
    /** Header with the source partition of a dead letter. */
    public static final String HEADER_SOURCE_PARTITION = "naca.source.partition";
    /** Header with the source offset of a dead letter. */
    public static final String HEADER_SOURCE_OFFSET = "naca.source.offset";

    private static final Logger LOG = LoggerFactory.getLogger(SinkWriter.class);
    /** Dead letters logged per minute; beyond, they are only counted (a flood of bad input must not flood logs). */
    static final int LOGGED_DEAD_LETTERS_PER_MINUTE = 10;

    private final Producer<String, byte[]> producer;
    private final SinkTopics topics;
    private final ClassNames classes;
    private final boolean closesProducer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private boolean replaying;
    private long logWindowStartNanos = System.nanoTime();
    private int loggedInWindow;
    private long suppressedInWindow;

    /** A writer sending through {@code producer}, which it closes, naming classes by {@code classes}. */
    public SinkWriter(Producer<String, byte[]> producer, SinkTopics topics, ClassNames classes) {
        this(producer, topics, classes, true);
    }

    /**
     * A writer sending through {@code producer}, naming classes by {@code classes}. With {@code closesProducer}
     * false the producer is a shared transactional one: its owner closes it, and a failed send is the owner's to
     * handle (the transaction holding it cannot commit), so {@link #flush()} does not report it again; records of a
     * transaction that was aborted were never meant to be seen.
     */
    public SinkWriter(Producer<String, byte[]> producer, SinkTopics topics, ClassNames classes,
                      boolean closesProducer) {
        this.producer = producer;
        this.topics = topics;
        this.classes = classes;
        this.closesProducer = closesProducer;
    }

    /** Publishes a periodic prediction, keyed by stream. */
    public void prediction(Prediction p) {
        send(new ProducerRecord<>(topics.predictions(), p.streamId(), SinkCodec.prediction(p, classes)));
    }

    /** Publishes a segment verdict, keyed by stream. */
    public void segment(SegmentResult r) {
        send(new ProducerRecord<>(topics.predictions(), r.streamId(), SinkCodec.segment(r, classes)));
    }

    /**
     * Publishes the evaluation statistics (strict test-then-train and held-out) of one model's verdicts so far (a
     * stream's, or a partition's under {@code model.scope=partition}), keyed {@code evaluation:<algorithm>:<model>}.
     */
    public void evaluation(String algorithm, String model, long wallTimeMs, PrequentialReport report) {
        send(new ProducerRecord<>(topics.predictions(), "evaluation:" + algorithm + ":" + model,
                SinkCodec.evaluation(algorithm, model, wallTimeMs, report.learned(), report.heldOut(),
                        report.predictions())));
    }

    /** Publishes an energy report. */
    public void energy(EnergyReport e) {
        send(new ProducerRecord<>(topics.energy(), e.algorithm(), SinkCodec.energy(e)));
    }

    /**
     * While on, records are counted but not sent: the input being learned again was already processed and its
     * outputs committed (a restart or a hand-over replays it from a checkpoint). Set by the one thread that sends.
     */
    public void replaying(boolean on) {
        replaying = on;
    }

    /** Records not sent because they were made while replaying input whose outputs were already committed. */
    public long suppressed() {
        return suppressed.get();
    }

    /** Publishes a record that could not be decoded, with its original bytes and where it came from. */
    public void deadLetter(DeadLetter rejected) {
        if (replaying) {
            suppressed.incrementAndGet();
            return;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_ERROR, rejected.reason().getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_SOURCE_TOPIC, rejected.sourceTopic().getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_SOURCE_PARTITION,
                Integer.toString(rejected.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_SOURCE_OFFSET,
                Long.toString(rejected.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_ERROR_KIND, rejected.kind().getBytes(StandardCharsets.UTF_8));
        String key = rejected.key() == null ? null : new String(rejected.key(), StandardCharsets.UTF_8);
        logThrottled(rejected);
        deadLetters.incrementAndGet();
        send(new ProducerRecord<>(topics.deadLetter(), null, key, rejected.value(), headers));
    }

    private synchronized void logThrottled(DeadLetter rejected) {
        long now = System.nanoTime();
        if (now - logWindowStartNanos >= 60_000_000_000L) {
            if (suppressedInWindow > 0) {
                LOG.warn("event=dead_letters_not_logged count={} detail=\"more than {} in a minute; all are in the "
                        + "dead-letter topic\"", suppressedInWindow, LOGGED_DEAD_LETTERS_PER_MINUTE);
            }
            logWindowStartNanos = now;
            loggedInWindow = 0;
            suppressedInWindow = 0;
        }
        if (loggedInWindow < LOGGED_DEAD_LETTERS_PER_MINUTE) {
            loggedInWindow++;
            LOG.warn("event=dead_letter kind={} topic={} partition={} offset={} reason=\"{}\"", rejected.kind(),
                    rejected.sourceTopic(), rejected.partition(), rejected.offset(),
                    rejected.reason());
        } else {
            suppressedInWindow++;
        }
    }

    /** Number of dead letters written. */
    public long deadLetters() {
        return deadLetters.get();
    }

    /** Waits for every send to complete; throws if any failed. */
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("a sink record could not be written", e);
        }
    }

    private void send(ProducerRecord<String, byte[]> record) {
        if (replaying) {
            suppressed.incrementAndGet();
            return;
        }
        producer.send(record, (metadata, e) -> {
            if (e != null && closesProducer && failure.compareAndSet(null, e)) {
                LOG.error("event=sink_send_failed topic={} error=\"{}\"", record.topic(), e.toString());
            }
        });
    }

    @Override
    public void close() {
        if (closesProducer) {
            producer.close();
        }
    }
}
