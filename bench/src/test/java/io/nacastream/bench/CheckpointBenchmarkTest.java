package io.nacastream.bench;

import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaLearner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checkpoint benchmark measures a real round trip: what it restores is the model it saved, state included. */
class CheckpointBenchmarkTest {

    @Test
    void whatTheBenchmarkRestoresIsTheModelItSavedMidSegment() {
        CheckpointBenchmark b = new CheckpointBenchmark();
        b.hidden = 256;
        b.mode = NacaConfig.Mode.EVENT;
        b.setup();
        NacaLearner saved = b.learner();
        NacaLearner back = b.restore();
        assertEquals(saved.counts(), back.counts());
        for (int j = 0; j < 256; j++) {
            assertEquals(saved.potential("cam", 0, j), back.potential("cam", 0, j), 0f, "unit " + j);
        }
        assertEquals(1, saved.streamSnapshots().size());
        byte[] bytes = b.encode();
        assertTrue(bytes.length > 2048 * 256 * 4, "the weights alone are 2 MB: " + bytes.length);
        assertEquals(4, ((Object[]) b.snapshot()).length);
    }
}
