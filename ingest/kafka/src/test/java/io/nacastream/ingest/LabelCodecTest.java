package io.nacastream.ingest;

import io.nacastream.ingest.kafka.LabelCodec;
import io.nacastream.ingest.kafka.MalformedLabelException;
import io.nacastream.ingest.label.LabelSegment;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelCodecTest {

    @Test
    void roundTrip() {
        LabelSegment s = new LabelSegment("user07", 3, 1_000_000, 2_500_000, false);
        assertEquals(s, LabelCodec.decode(LabelCodec.encode(s)));
    }

    @Test
    void learnDefaultsToTrueAndUnknownFieldsAreIgnored() {
        LabelSegment s = LabelCodec.decode(
                "{\"streamId\":\"a\",\"classId\":0,\"startUs\":5,\"endUs\":9,\"extra\":1}".getBytes(StandardCharsets.UTF_8));
        assertTrue(s.learn());
        assertEquals(new LabelSegment("a", 0, 5, 9, true), s);
    }

    @Test
    void malformedLabelsNameTheProblem() {
        assertMessage("{not json", "not valid JSON");
        assertMessage("[1,2]", "JSON object");
        assertMessage("{\"classId\":0,\"startUs\":5,\"endUs\":9}", "'streamId'");
        assertMessage("{\"streamId\":\"a\",\"classId\":\"x\",\"startUs\":5,\"endUs\":9}", "'classId'");
        assertMessage("{\"streamId\":\"a\",\"classId\":1,\"startUs\":9,\"endUs\":9}", "not after start");
        assertMessage("{\"streamId\":\"a\",\"classId\":-1,\"startUs\":1,\"endUs\":9}", "'classId' must be in 0..");
        assertMessage("{\"streamId\":\"a\",\"classId\":4294967299,\"startUs\":1,\"endUs\":9}",
                "'classId' must be in 0..2147483647, got 4294967299");
        assertMessage("{\"streamId\":\"a\",\"classId\":1.5,\"startUs\":1,\"endUs\":9}", "'classId' must be an integer");
        assertMessage("{\"streamId\":\"a\",\"classId\":1,\"startUs\":1,\"endUs\":99999999999999999999}",
                "'endUs' must be an integer");
        assertMessage("{\"streamId\":\"a\",\"classId\":1,\"startUs\":1,\"endUs\":9,\"learn\":\"no\"}",
                "'learn' must be true or false");
        assertMessage("{\"streamId\":\"" + "x".repeat(256) + "\",\"classId\":1,\"startUs\":1,\"endUs\":9}",
                "longer than 255 UTF-8 bytes");
        assertMessage("{\"streamId\":\"a\",\"classId\":1,\"startUs\":1,\"endUs\"", "not valid JSON");
        assertMessage("", "label must be a JSON object");
        assertMessage("null", "label must be a JSON object");
    }

    private static void assertMessage(String json, String expected) {
        MalformedLabelException e = assertThrows(MalformedLabelException.class,
                () -> LabelCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
