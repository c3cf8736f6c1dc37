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
import io.nacastream.learner.naca.NacaLearner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service's NACA models: what a checkpoint record holds brings a stream back where it was. */
class NacaModelsTest {

    private static final ClassNames CLASSES = ClassNames.parse("a,b,c");
    private static final EncoderConfig ENCODER = new EncoderConfig(InputGrid.parse("8x8", ""), 0, 0, 0);

    private static NacaModels models() {
        NacaConfig naca = NacaConfig.builder().sizes(ENCODER.inputCount(), List.of(32), CLASSES.count())
                .mode(NacaConfig.Mode.EVENT).learningRates(0f, 0.01f).neuron(0.2f, 0.2f)
                .readout(NacaConfig.Readout.RIDGE, 0.1).seed(5).build();
        return new NacaModels(BaseModels.load(naca, new ModelSchema(ENCODER.grid(), CLASSES), Optional.empty(), ""),
                20_000, true, 10_000);
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
            in[k] = r.nextInt(ENCODER.inputCount());
            t[k] = from + 100L * k;
        }
        return SpikeTrain.of("cam", in, t);
    }

    @Test
    void aModelRestoredFromItsCheckpointOrItsSnapshotGoesOnAsTheOneNeverSaved() {
        NacaModels models = models();
        OnlineLearner original = models.create("cam", labels()).learner();
        original.process(train(0, 1700, 1), new Recorder());
        byte[] encoded = models.encode(original);
        byte[] snapshot = models.snapshot(original).get();
        OnlineLearner fromRecord = models.restore(encoded, labels());
        OnlineLearner fromSnapshot = models.restore(snapshot, labels());
        for (int j = 0; j < 32; j++) {
            float v = ((NacaLearner) original).potential("cam", 0, j);
            assertEquals(v, ((NacaLearner) fromRecord).potential("cam", 0, j), 0f);
            assertEquals(v, ((NacaLearner) fromSnapshot).potential("cam", 0, j), 0f);
        }
        Recorder expected = new Recorder();
        Recorder actual = new Recorder();
        SpikeTrain rest = train(170_000, 3000, 2);
        original.process(rest, expected);
        fromRecord.process(rest, actual);
        assertTrue(expected.predictions.size() > 10 && !expected.segments.isEmpty());
        assertEquals(expected.segments, actual.segments);
        assertEquals(expected.predictions.stream().map(p -> p.timestampUs() + ":" + p.predicted()).toList(),
                actual.predictions.stream().map(p -> p.timestampUs() + ":" + p.predicted()).toList());
    }
}
