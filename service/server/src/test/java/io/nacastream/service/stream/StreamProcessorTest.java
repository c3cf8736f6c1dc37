package io.nacastream.service.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nacastream.encoder.EncoderState;
import io.nacastream.service.config.ModelScope;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import io.nacastream.sink.SinkWriter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stream processor without a broker: its model cache (eviction, save, restore), the recovery rule at a restart,
 * one model per partition, label admission and the end of a bounded input.
 */
class StreamProcessorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLeastRecentlyUsedModelIsSavedEvictedAndRestoredWhenItsStreamReturns() {
        ProcessorFixture f = new ProcessorFixture(ModelScope.STREAM, 2);
        f.processor.handle(f.packet("s1", 0, 200));
        f.processor.handle(f.packet("s2", 0, 200));
        assertNull(f.store.loadModel("s1"), "nothing saved while both fit");
        f.processor.handle(f.packet("s3", 0, 200));
        f.processor.checkpointer().awaitWrites();   // the save is written on the checkpoint thread
        ModelCheckpoint saved = f.store.loadModel("s1");
        assertNotNull(saved, "the least recently used model is saved when it leaves memory");
        assertEquals(200, saved.events());
        assertEquals(2, saved.nextOffset(), "it reflects every record of its partition processed before s3");
        assertEquals(Set.of("s2", "s3"), ids(f.processor.refreshView()));

        f.processor.handle(f.packet("s1", 20_000, 200));
        ProcessorView.ModelInfo s1 = model(f.processor.refreshView(), "s1");
        assertEquals("checkpoint", s1.origin(), "its stream came back: restored, not started afresh");
        assertEquals(400, s1.events(), "and it goes on counting from its save");
        assertEquals(Set.of("s3", "s1"), ids(f.processor.view()), "s2 was least recently used this time");
        assertEquals(800, f.processor.view().events());
    }

    @Test
    void aModelsSaveCarriesItsStreamsEncoderStateAndItsRestoreTakesItUp() {
        ProcessorFixture f = new ProcessorFixture(ModelScope.STREAM, 2);
        f.processor.handle(f.packet("s1", 0, 200));
        f.processor.handle(f.packet("s2", 0, 200));
        f.processor.handle(f.packet("s3", 0, 200));                   // s1 leaves memory
        f.processor.checkpointer().awaitWrites();
        byte[] first = f.store.loadModel("s1").encoders().get("s1");
        assertNotNull(first, "the encoder state of the model's stream is saved with it");
        EncoderState saved = EncoderState.fromBytes(ProcessorFixture.ENCODER, first);
        assertEquals(128, saved.mapping().sensorWidth(), "with the geometry its first packet fixed");

        f.processor.handle(f.packet("s1", 20_000, 200));               // restored, its encoder state too
        f.processor.handle(f.packet("s2", 20_000, 200));               // s3 leaves
        f.processor.handle(f.packet("s3", 20_000, 200));               // s1 leaves again
        f.processor.checkpointer().awaitWrites();
        byte[] second = f.store.loadModel("s1").encoders().get("s1");
        // the encoder's base time is set by a state's first event: 0 if the state was taken up, 20,000 if fresh
        assertEquals(0L, ByteBuffer.wrap(second, 9, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    @Test
    void afterARestartRecordsAlreadyInARestoredModelAreSkippedAndLaterOnesLearned() {
        ProcessorFixture first = new ProcessorFixture(ModelScope.STREAM, 8);
        first.processor.handle(first.packet("s1", 0, 100));            // offset 0
        first.processor.handle(first.packet("s1", 10_000, 100));       // offset 1
        Map<TopicPartition, Long> offsets = first.processor.checkpointer().checkpointAll();
        assertEquals(2L, offsets.get(new TopicPartition(ProcessorFixture.EVENTS, 0)));
        first.processor.handle(first.packet("s1", 20_000, 100));       // offset 2: learned, not checkpointed
        first.processor.checkpointer().release(List.of(0));           // model saved at 3, partition at 3

        // the group's offsets lag the store (a crash between save and commit): the consumer resumes at 1
        CheckpointStore store = first.store;
        ProcessorFixture second = new ProcessorFixture(ModelScope.STREAM, 8, store).at(1, 0);
        second.processor.handle(second.packet("s1", 10_000, 100));     // offset 1: already in the model
        second.processor.handle(second.packet("s1", 20_000, 100));     // offset 2: already in the model
        second.processor.handle(second.packet("s1", 30_000, 100));     // offset 3: new
        ProcessorView.ModelInfo s1 = model(second.processor.refreshView(), "s1");
        assertEquals("checkpoint", s1.origin());
        assertEquals(400, s1.events(), "every event learned exactly once across the restart");
        assertEquals(100, second.processor.view().events(), "this process learned only the new packet");
    }

    @Test
    void underPartitionScopeEveryStreamOfAPartitionTeachesAndIsScoredByOneModel() throws Exception {
        ProcessorFixture f = new ProcessorFixture(ModelScope.PARTITION, 8);
        f.processor.handle(f.label("s1", 1, 0, 100_000, true));
        f.processor.handle(f.label("s2", 2, 0, 100_000, false));
        f.processor.handle(f.packet("s1", 0, 300));
        f.processor.handle(f.packet("s2", 0, 300));
        f.processor.handle(f.packet("s1", 200_000, 10));           // past the segments: s1's verdict
        f.processor.handle(f.packet("s2", 200_000, 10));           // and s2's
        ProcessorView view = f.processor.refreshView();
        assertEquals(List.of("partition:0"), view.models().stream().map(ProcessorView.ModelInfo::modelId).toList());
        assertEquals(620, view.models().get(0).events());
        List<JsonNode> verdicts = records(f, "predictions").stream().filter(n -> n.get("type").asText()
                .equals("segment")).toList();
        assertEquals(Set.of("s1:true", "s2:false"), verdicts.stream().map(n -> n.get("streamId").asText() + ":"
                + n.get("learned").asBoolean()).collect(Collectors.toSet()));
        assertEquals(1, f.processor.evaluation().heldOut().instances(), "the held-out stream was scored");
    }

    @Test
    void labelsOfUnknownClassesAndOfStreamsThatNeverSendEventsAreDeadLettered() {
        ProcessorFixture f = new ProcessorFixture(ModelScope.STREAM, 8);
        f.processor.handle(f.label("s1", 7, 0, 100_000, true));
        f.processor.handle(f.label("ghost", 1, 0, 100_000, true));
        f.processor.handle(f.label("s2", 1, 0, 100_000, true));
        f.processor.handle(f.packet("s2", 0, 50));                 // s2's events come: its label is claimed
        assertEquals(List.of("unknown-class"), kinds(f));
        f.clock.millis += 9_000;
        f.processor.expireOrphanLabels();
        assertEquals(List.of("unknown-class"), kinds(f), "the ghost's label still waits");
        f.clock.millis += 2_000;
        f.processor.expireOrphanLabels();
        assertEquals(List.of("unknown-class", "orphan-label"), kinds(f));
        ProducerRecord<String, byte[]> orphan = f.sent("dead").get(1);
        assertEquals("ghost", orphan.key());
        assertTrue(header(orphan, SinkWriter.HEADER_ERROR).contains("sent no events"));
    }

    @Test
    void theEndOfABoundedInputScoresTheSegmentStillOpenSoItIsLearnedAndSaved() throws Exception {
        ProcessorFixture f = new ProcessorFixture(ModelScope.STREAM, 8);
        f.processor.handle(f.label("s1", 0, 0, 1_000_000, true));
        f.processor.handle(f.packet("s1", 0, 300));
        assertTrue(records(f, "predictions").stream().noneMatch(n -> n.get("type").asText().equals("segment")));
        f.processor.finish(List.of(0));
        assertEquals(1, f.processor.evaluation().learned().instances());
        f.processor.checkpointer().release(List.of(0));
        assertNotNull(f.store.loadModel("s1"));
        assertEquals(List.of(), f.processor.refreshView().models(), "a released partition's models leave memory");
        assertEquals(List.of(), f.processor.partitions().owned());
    }

    private static Set<String> ids(ProcessorView v) {
        return v.models().stream().map(ProcessorView.ModelInfo::modelId).collect(Collectors.toSet());
    }

    private static ProcessorView.ModelInfo model(ProcessorView v, String id) {
        return v.models().stream().filter(m -> m.modelId().equals(id)).findFirst().orElseThrow();
    }

    private static List<JsonNode> records(ProcessorFixture f, String topic) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (ProducerRecord<String, byte[]> r : f.sent(topic)) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }

    private static List<String> kinds(ProcessorFixture f) {
        return f.sent("dead").stream().map(r -> header(r, SinkWriter.HEADER_ERROR_KIND)).toList();
    }

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
