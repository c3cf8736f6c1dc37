package io.nacastream.cli;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.backei.BackEiConfig;
import io.nacastream.learner.backei.BackEiLearner;
import io.nacastream.learner.sbp.SbpConfig;
import io.nacastream.learner.sbp.SbpLearner;
import io.nacastream.service.stream.ModelFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The all-in-one service's BackEISNN models: the checkpoint bytes bring a stream back where it was. */
class BackEiModelsTest {

    private static final int INPUTS = 12;

    private static BackEiModels models(int inputs) {
        return new BackEiModels(new BackEiConfig(inputs, List.of(10), 3, 20_000, 1e-2f, 5, 3), 20_000, true,
                SegmentReplay.DEFAULT_LIMIT);
    }

    private static LabelBook labels() {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("cam", 1, 0, 300_000, true));
        book.add(new LabelSegment("cam", 2, 300_000, 600_000, true));
        return book;
    }

    private static SpikeTrain train(long from, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] in = new int[n];
        long[] t = new long[n];
        for (int k = 0; k < n; k++) {
            in[k] = r.nextInt(INPUTS);
            t[k] = from + 100L * k;
        }
        return SpikeTrain.of("cam", in, t);
    }

    @Test
    void aRestoredModelGoesOnAsTheOneNeverSaved() {
        BackEiModels models = models(INPUTS);
        ModelFactory.Start start = models.create("cam", labels());
        assertEquals("fresh", start.base());
        OnlineLearner original = start.learner();
        original.process(train(0, 3500, 1), new Recorder());   // a verdict learned, the next segment part-way
        byte[] encoded = models.encode(original);
        OnlineLearner restored = models.restore(encoded, labels());
        assertArrayEquals(encoded, models.snapshot(restored).get());
        Recorder expected = new Recorder();
        Recorder actual = new Recorder();
        SpikeTrain rest = train(350_000, 3000, 2);
        original.process(rest, expected);
        restored.process(rest, actual);
        original.finish(expected);
        restored.finish(actual);
        assertTrue(expected.predictions.size() > 10 && expected.segments.size() == 1, expected.segments.toString());
        assertEquals(expected.segments, actual.segments);
        assertEquals(expected.predictions.stream().map(p -> p.timestampUs() + ":" + p.predicted()).toList(),
                actual.predictions.stream().map(p -> p.timestampUs() + ":" + p.predicted()).toList());
        assertTrue(models.checkpointable());
        assertEquals("backei", models.algorithm());
    }

    @Test
    void bytesOfAnotherLearnerOrAnotherInputCountAreRefusedSayingWhy() {
        BackEiModels models = models(INPUTS);
        byte[] sbp = new SbpLearner(SbpConfig.of(INPUTS, List.of(4), 3, SbpConfig.Variant.ALL, 0.1f, 1), labels(),
                20_000, false).encode();
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> models.restore(sbp, labels()));
        assertEquals("not a BackEISNN checkpoint", other.getMessage());
        byte[] wider = ((BackEiLearner) models(2 * INPUTS).create("cam", labels()).learner()).encode();
        IllegalArgumentException incompatible = assertThrows(IllegalArgumentException.class,
                () -> models.restore(wider, labels()));
        assertEquals("incompatible model: 24 inputs and 3 classes, this service has 12 and 3",
                incompatible.getMessage());
    }
}
