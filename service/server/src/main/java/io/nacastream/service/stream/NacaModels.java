package io.nacastream.service.stream;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.PendingSegment;
import io.nacastream.learner.StreamSnapshot;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.checkpoint.ModelSchema;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.health.NetworkHealth;
import io.nacastream.learner.kernel.MembraneKernel;
import io.nacastream.learner.kernel.MembraneKernels;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaHealth;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;

import java.util.List;
import java.util.function.Supplier;

/**
 * NACA models of the deployed service (any hidden rule of the NACA network: naca, drtp, dfa): started from their base ({@link BaseModels}), saved in checkpoint format
 * (docs/checkpoint-format.md), and restored only when they take this service's inputs, classes, grid and class names
 * and their weights are finite.
 */
public final class NacaModels implements ModelFactory {

    private final BaseModels bases;
    private final long predictionIntervalUs;
    private final boolean countOps;
    private final int replayLimit;
    private final MembraneKernel kernel;

    /** Models from {@code bases}, predicting every {@code predictionIntervalUs} of stream time. */
    public NacaModels(BaseModels bases, long predictionIntervalUs, boolean countOps, int replayLimit) {
        this(bases, predictionIntervalUs, countOps, replayLimit, MembraneKernels.auto());
    }

    /** As above, event mode's membrane pass run by {@code kernel}. */
    public NacaModels(BaseModels bases, long predictionIntervalUs, boolean countOps, int replayLimit,
                      MembraneKernel kernel) {
        this.kernel = kernel;
        this.bases = bases;
        this.predictionIntervalUs = predictionIntervalUs;
        this.countOps = countOps;
        this.replayLimit = replayLimit;
    }

    @Override
    public String algorithm() {
        return bases.freshConfig().hiddenRule().id();   // naca, or drtp / dfa for the comparison learners
    }

    @Override
    public int classes() {
        return bases.freshConfig().classes();
    }

    @Override
    public Start create(String modelId, LabelBook labels) {
        BaseModels.Start start = bases.start(modelId);
        return new Start(new NacaLearner(start.network(), labels, predictionIntervalUs, countOps, replayLimit,
                kernel),
                start.base());
    }

    @Override
    public OnlineLearner restore(byte[] checkpoint, LabelBook labels) {
        Checkpoint.Model m = compatible(Checkpoint.decode(checkpoint));
        NacaLearner learner = new NacaLearner(m.network(), labels, predictionIntervalUs, countOps, replayLimit,
                kernel);
        learner.restoreCounts(m.counts());
        m.pending().forEach(learner::restorePending);
        m.streams().forEach(learner::restoreStream);
        return learner;
    }

    @Override
    public boolean checkpointable() {
        return true;
    }

    @Override
    public byte[] encode(OnlineLearner model) {
        NacaLearner naca = (NacaLearner) model;
        return Checkpoint.encode(naca.network(), naca.counts(), bases.schema(), naca.pending(), naca.streamSnapshots());
    }

    /**
     * Copies the weights, readout, counts, open segments and stream states (about a millisecond per MB); encodes them
     * later.
     */
    @Override
    public Supplier<byte[]> snapshot(OnlineLearner model) {
        NacaLearner naca = (NacaLearner) model;
        NacaNetwork network = naca.network().copy();
        OpCounts counts = naca.counts();
        List<PendingSegment> pending = naca.pending();
        List<StreamSnapshot> streams = naca.streamSnapshots();
        ModelSchema schema = bases.schema();
        return () -> Checkpoint.encode(network, counts, schema, pending, streams);
    }

    @Override
    public NetworkHealth health(OnlineLearner model) {
        return NacaHealth.of((NacaLearner) model);
    }

    /**
     * {@code m} if its network takes this service's inputs and classes (and, if it records them, the same input grid
     * and class names) and its weights are finite; refused otherwise.
     */
    private Checkpoint.Model compatible(Checkpoint.Model m) {
        NacaConfig want = bases.freshConfig();
        NacaConfig have = m.network().config();
        if (have.preSize(0) != want.preSize(0) || have.classes() != want.classes()) {
            throw new IllegalArgumentException("incompatible model: " + have.preSize(0) + " inputs and "
                    + have.classes() + " classes, this service has " + want.preSize(0) + " and " + want.classes());
        }
        String mismatch = m.schema().map(s -> s.mismatch(bases.schema())).orElse(null);
        if (mismatch != null) {
            throw new IllegalArgumentException("incompatible model: " + mismatch);
        }
        NetworkHealth health = NacaHealth.of(m.network(), 0);
        if (!health.finite()) {
            throw new IllegalArgumentException("model with NaN or infinite weights: " + health);
        }
        return m;
    }
}
