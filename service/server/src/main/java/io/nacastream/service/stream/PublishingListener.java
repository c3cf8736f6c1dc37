package io.nacastream.service.stream;

import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.eval.PrequentialReport;
import io.nacastream.service.dashboard.DashboardFeed;
import io.nacastream.sink.SinkWriter;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * What the service does with a learner's output: score every prediction and segment verdict (into this process's
 * evaluation and into the evaluation of the model that made it, which the model's checkpoint keeps), publish them to
 * the sink, publish the model's running evaluation every {@code everySegments} of its verdicts, then tell
 * {@code onSegment}. Learner thread only.
 */
final class PublishingListener implements LearnerListener {

    private final PrequentialReport evaluation;
    private final SinkWriter sink;
    private final Clock clock;
    private final String algorithm;
    private final int everySegments;
    private final Consumer<SegmentResult> onSegment;
    private final DashboardFeed dashboard;
    private LiveModel model;

    /** A listener scoring into {@code evaluation} and publishing through {@code sink}, showing on {@code dashboard}. */
    PublishingListener(PrequentialReport evaluation, SinkWriter sink, Clock clock, String algorithm,
                       int everySegments, Consumer<SegmentResult> onSegment, DashboardFeed dashboard) {
        this.dashboard = dashboard;
        this.evaluation = evaluation;
        this.sink = sink;
        this.clock = clock;
        this.algorithm = algorithm;
        this.everySegments = Math.max(1, everySegments);
        this.onSegment = onSegment;
    }

    /** The model the next outputs come from. */
    void model(LiveModel m) {
        this.model = m;
    }

    @Override
    public void onPrediction(Prediction prediction) {
        evaluation.onPrediction(prediction);
        model.evaluation.onPrediction(prediction);
        sink.prediction(prediction);
        dashboard.prediction(prediction);
    }

    @Override
    public void onSegment(SegmentResult result) {
        LiveModel m = model;
        evaluation.onSegment(result);
        m.evaluation.onSegment(result);
        sink.segment(result);
        if (++m.segments % everySegments == 0) {
            publishEvaluation(m);
        }
        dashboard.segment(result);
        onSegment.accept(result);
    }

    /** Publishes the running evaluation of {@code m}. */
    void publishEvaluation(LiveModel m) {
        sink.evaluation(algorithm, m.modelId, clock.millis(), m.evaluation);
    }
}
