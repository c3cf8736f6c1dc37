package io.nacastream.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.eval.PrequentialReport;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SinkWriter} against a {@link MockProducer}: topics, keys, values and headers, and what a failed send does. */
@Timeout(30)
class SinkWriterTest {

    private static final ObjectMapper M = new ObjectMapper();
    private static final SinkTopics TOPICS = new SinkTopics("predictions", "energy", "dead-letters");
    private static final ClassNames CLASSES = new ClassNames(List.of("zero", "one", "two", "three", "four"));

    /** Sends complete as they are made. */
    private final MockProducer<String, byte[]> producer = producer(true);
    private final SinkWriter writer = new SinkWriter(producer, TOPICS, CLASSES);

    private static MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void predictionGoesToThePredictionsTopicKeyedByStream() throws IOException {
        writer.prediction(new Prediction("cam-1", 123, 2, new float[] {0.25f, 0, 0.75f}, 1));

        ProducerRecord<String, byte[]> r = only(producer.history());
        assertEquals("predictions", r.topic());
        assertEquals("cam-1", r.key());
        JsonNode n = M.readTree(r.value());
        assertEquals("prediction", n.get("type").asText());
        assertEquals("cam-1", n.get("streamId").asText());
        assertEquals("two", n.get("predictedName").asText());
        assertEquals("one", n.get("labelName").asText());
    }

    @Test
    void segmentVerdictGoesToThePredictionsTopicKeyedByStream() throws IOException {
        writer.segment(new SegmentResult("cam-2", 10, 20, 4, 3, true, 9, -1));

        ProducerRecord<String, byte[]> r = only(producer.history());
        assertEquals("predictions", r.topic());
        assertEquals("cam-2", r.key());
        JsonNode n = M.readTree(r.value());
        assertEquals("segment", n.get("type").asText());
        assertEquals("four", n.get("labelName").asText());
        assertEquals("three", n.get("predictedName").asText());
        assertFalse(n.get("correct").asBoolean());
    }

    @Test
    void whileReplayingNothingIsSentButEverythingIsCounted() {
        PrequentialReport report = new PrequentialReport(CLASSES.names().size());
        writer.replaying(true);
        writer.evaluation("naca", "cam-1", 1, report);
        writer.segment(new SegmentResult("cam-1", 0, 1, 2, 2, true, 1, 500));
        assertEquals(0, producer.history().size());
        assertEquals(2, writer.suppressed());
        writer.replaying(false);
        writer.evaluation("naca", "cam-1", 2, report);
        assertEquals(1, producer.history().size());
        assertEquals(2, writer.suppressed());
    }

    @Test
    void evaluationGoesToThePredictionsTopicKeyedByAlgorithmAndModel() throws IOException {
        PrequentialReport report = new PrequentialReport(CLASSES.names().size());
        report.onSegment(new SegmentResult("cam-1", 0, 1, 2, 2, true, 1, 500));
        report.onSegment(new SegmentResult("cam-1", 1, 2, 3, 2, false, 1, -1));
        writer.evaluation("naca", "cam-1", 77, report);

        ProducerRecord<String, byte[]> r = only(producer.history());
        assertEquals("predictions", r.topic());
        assertEquals("evaluation:naca:cam-1", r.key());
        JsonNode n = M.readTree(r.value());
        assertEquals("evaluation", n.get("type").asText());
        assertEquals("naca", n.get("algorithm").asText());
        assertEquals(77, n.get("wallTimeMs").asLong());
        assertEquals("cam-1", n.get("model").asText());
        assertEquals(1, n.get("learned").get("instances").asLong());
        assertEquals(1, n.get("learned").get("correct").asLong());
        assertEquals(1, n.get("heldOut").get("instances").asLong());
        assertEquals(0, n.get("heldOut").get("correct").asLong());
    }

    @Test
    void energyReportGoesToTheEnergyTopicKeyedByAlgorithm() throws IOException {
        OpCounts counts = new OpCounts(10, 0, List.of(new LayerCounts("input->output",
                new Ops(1, 2, 3, 0, 4, 0, 5, 6), Ops.NONE, 7)));
        writer.energy(EnergyReport.of(99, "bp", counts, EnergyModel.horowitz45nm()));

        ProducerRecord<String, byte[]> r = only(producer.history());
        assertEquals("energy", r.topic());
        assertEquals("bp", r.key());
        JsonNode n = M.readTree(r.value());
        assertEquals("energy", n.get("type").asText());
        assertEquals("bp", n.get("algorithm").asText());
        assertEquals(99, n.get("wallTimeMs").asLong());
        assertEquals(2, n.get("total").get("macs").asLong());
    }

    @Test
    void deadLetterCarriesTheOriginalBytesAndWhereAndWhyItFailed() {
        byte[] value = {0, 1, 2, (byte) 0xff};
        deadLetter(writer, "malformed-packet", "bad crc", "cam-1".getBytes(StandardCharsets.UTF_8), value,
                "events", 3, 4711);

        ProducerRecord<String, byte[]> r = only(producer.history());
        assertEquals("dead-letters", r.topic());
        assertEquals("cam-1", r.key());
        assertArrayEquals(value, r.value());
        assertEquals("bad crc", header(r, SinkWriter.HEADER_ERROR));
        assertEquals("malformed-packet", header(r, SinkWriter.HEADER_ERROR_KIND));
        assertEquals("events", header(r, SinkWriter.HEADER_SOURCE_TOPIC));
        assertEquals("3", header(r, SinkWriter.HEADER_SOURCE_PARTITION));
        assertEquals("4711", header(r, SinkWriter.HEADER_SOURCE_OFFSET));
        assertEquals(1, writer.deadLetters());
    }

    @Test
    void deadLetterOfARecordWithoutKeyHasNoKey() {
        deadLetter(writer, "malformed-label", "not json", null, new byte[] {'{'},
                "labels", 0, 0);

        ProducerRecord<String, byte[]> r = only(producer.history());
        assertNull(r.key());
        assertEquals("malformed-label", header(r, SinkWriter.HEADER_ERROR_KIND));
    }

    @Test
    void everyDeadLetterIsSentAndCountedEvenBeyondTheLoggingLimit() {
        int n = 3 * SinkWriter.LOGGED_DEAD_LETTERS_PER_MINUTE;
        for (int i = 0; i < n; i++) {
            deadLetter(writer, "clock", "time went backwards", null, new byte[] {(byte) i},
                    "events", 0, i);
        }

        assertEquals(n, writer.deadLetters());
        assertEquals(n, producer.history().size());
        assertEquals(String.valueOf(n - 1), header(producer.history().get(n - 1), SinkWriter.HEADER_SOURCE_OFFSET));
    }

    @Test
    void flushWaitsForPendingSends() {
        MockProducer<String, byte[]> pending = producer(false);
        SinkWriter w = new SinkWriter(pending, TOPICS, CLASSES);
        w.prediction(new Prediction("cam-1", 1, -1, new float[] {0, 0}, -1));
        w.energy(EnergyReport.of(1, "naca", new OpCounts(0, 0, List.of()), EnergyModel.horowitz45nm()));

        assertDoesNotThrow(w::flush);
        assertTrue(pending.flushed(), "flush completed every send");
        assertEquals(2, pending.history().size());
    }

    @Test
    void failedSendIsRethrownByFlush() {
        MockProducer<String, byte[]> failing = producer(false);
        SinkWriter w = new SinkWriter(failing, TOPICS, CLASSES);
        w.prediction(new Prediction("cam-1", 1, 0, new float[] {1, 0}, -1));
        w.prediction(new Prediction("cam-1", 2, 0, new float[] {1, 0}, -1));
        TimeoutException cause = new TimeoutException("delivery timed out");
        assertTrue(failing.errorNext(cause));

        IllegalStateException e = assertThrows(IllegalStateException.class, w::flush);
        assertSame(cause, e.getCause());
        assertTrue(failing.flushed(), "the other send was still completed");
    }

    @Test
    void onlyTheFirstFailureIsKeptAndFlushKeepsRethrowingIt() {
        MockProducer<String, byte[]> failing = producer(false);
        SinkWriter w = new SinkWriter(failing, TOPICS, CLASSES);
        w.prediction(new Prediction("cam-1", 1, 0, new float[] {1, 0}, -1));
        w.prediction(new Prediction("cam-1", 2, 0, new float[] {1, 0}, -1));
        TimeoutException first = new TimeoutException("first");
        failing.errorNext(first);
        failing.errorNext(new TimeoutException("second"));

        assertSame(first, assertThrows(IllegalStateException.class, w::flush).getCause());
        w.prediction(new Prediction("cam-1", 3, 0, new float[] {1, 0}, -1));
        assertSame(first, assertThrows(IllegalStateException.class, w::flush).getCause(),
                "a later successful flush does not clear the failure");
    }

    @Test
    void failedDeadLetterIsCountedAndRethrownByFlush() {
        MockProducer<String, byte[]> failing = producer(false);
        SinkWriter w = new SinkWriter(failing, TOPICS, CLASSES);
        deadLetter(w, "malformed-payload", "truncated", null, new byte[] {1},
                "events", 0, 5);
        TimeoutException cause = new TimeoutException("delivery timed out");
        failing.errorNext(cause);

        assertEquals(1, w.deadLetters(), "counted when handed to the producer, whether or not it was written");
        assertSame(cause, assertThrows(IllegalStateException.class, w::flush).getCause());
    }

    @Test
    void sendRefusedAtOnceIsThrownToTheCaller() {
        producer.sendException = new IllegalStateException("producer fenced");

        RuntimeException e = assertThrows(RuntimeException.class,
                () -> writer.prediction(new Prediction("cam-1", 1, 0, new float[] {1}, -1)));
        assertSame(producer.sendException, e);
        assertTrue(producer.history().isEmpty());
    }

    @Test
    void closeClosesTheProducer() {
        writer.prediction(new Prediction("cam-1", 1, 0, new float[] {1}, -1));
        writer.close();

        assertTrue(producer.closed());
        assertThrows(IllegalStateException.class,
                () -> writer.prediction(new Prediction("cam-1", 2, 0, new float[] {1}, -1)));
    }

    // ---- fixtures

    /** Dead-letters a record through {@link SinkWriter#deadLetter}. */
    private static void deadLetter(SinkWriter w, String kind, String reason, byte[] key, byte[] value,
                                   String topic, int partition, long offset) {
        w.deadLetter(new DeadLetter(kind, reason, topic, partition, offset, key, value));
    }

    private static ProducerRecord<String, byte[]> only(List<ProducerRecord<String, byte[]>> records) {
        assertEquals(1, records.size(), () -> records.toString());
        return records.get(0);
    }

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        assertNotNull(h, name);
        assertEquals(1, count(r, name), () -> "one " + name + " header");
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private static int count(ProducerRecord<String, byte[]> r, String name) {
        int n = 0;
        for (Header ignored : r.headers().headers(name)) {
            n++;
        }
        return n;
    }
}
