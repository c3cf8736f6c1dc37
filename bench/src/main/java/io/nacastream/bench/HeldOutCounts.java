package io.nacastream.bench;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.energy.LayerCounts;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.energy.Ops;

import java.util.List;

/**
 * A learner's operations on held-out data: the forward (scoring) counts added while it processed spike trains that
 * start inside a held-out segment ({@code learn: false}), so a benchmark can price what scoring one held-out sample
 * costs. Learning work done meanwhile (the replay of a learned segment closed by such a train) is not counted here.
 * Not thread-safe.
 */
final class HeldOutCounts {

    private final LabelBook labels;
    private OpCounts sum = OpCounts.NONE;

    /** Counts over the segments of {@code labels}. */
    HeldOutCounts(LabelBook labels) {
        this.labels = labels;
    }

    /** Has {@code learner} process {@code train}, adding its counts to the sum if the train is held out. */
    void process(OnlineLearner learner, SpikeTrain train, LearnerListener listener) {
        LabelSegment at = train.size() == 0 ? null : labels.at(train.streamId(), train.timestampUs(0));
        if (at == null || at.learn()) {
            learner.process(train, listener);
            return;
        }
        OpCounts before = learner.counts();
        learner.process(train, listener);
        OpCounts added = learner.counts().minus(before);
        List<LayerCounts> forward = added.layers().stream()
                .map(l -> new LayerCounts(l.layer(), l.forward(), Ops.NONE, l.spikes())).toList();
        sum = sum.plus(new OpCounts(added.events(), added.cpuNanos(), forward));
    }

    /** The counts on held-out trains so far. */
    OpCounts counts() {
        return sum;
    }
}
