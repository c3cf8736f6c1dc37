package io.nacastream.service.stream;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.InputGrid;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.checkpoint.ModelSchema;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.sbp.SbpConfig;
import io.nacastream.learner.sbp.SbpLearner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service's SBP models: the checkpoint bytes bring a stream back where it was; other bytes are refused. */
class SbpModelsTest {

    private static final ClassNames CLASSES = ClassNames.parse("a,b,c");
    private static final EncoderConfig ENCODER = new EncoderConfig(InputGrid.parse("4x4", ""), 0, 0, 0);
    private static final int INPUTS = ENCODER.inputCount();

    private static SbpModels models(int inputs) {
        return new SbpModels(SbpConfig.of(inputs, List.of(12), 3, SbpConfig.Variant.ALL, 0.3f, 5), 20_000, true);
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
        SbpModels models = models(INPUTS);
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
        assertEquals("sbp", models.algorithm());
        assertEquals(3, models.classes());
    }

    @Test
    void bytesOfAnotherLearnerOrAnotherInputCountAreRefusedSayingWhy() {
        SbpModels models = models(INPUTS);
        NacaConfig naca = NacaConfig.builder().sizes(ENCODER.inputCount(), List.of(8), CLASSES.count()).seed(5)
                .build();
        NacaModels nacaModels = new NacaModels(BaseModels.load(naca, new ModelSchema(ENCODER.grid(), CLASSES),
                Optional.empty(), ""), 20_000, true, 10_000);
        byte[] nacaBytes = nacaModels.encode(nacaModels.create("cam", labels()).learner());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> models.restore(nacaBytes, labels()));
        assertTrue(other.getMessage().startsWith("not an SBP checkpoint: "), other.getMessage());
        OnlineLearner wider = models(2 * INPUTS).create("cam", labels()).learner();
        byte[] widerBytes = ((SbpLearner) wider).encode();
        IllegalArgumentException incompatible = assertThrows(IllegalArgumentException.class,
                () -> models.restore(widerBytes, labels()));
        assertEquals("incompatible model: " + 2 * INPUTS + " inputs and 3 classes, this service has " + INPUTS
                + " and 3", incompatible.getMessage());
    }
}
