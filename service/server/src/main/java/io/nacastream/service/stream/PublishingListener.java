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
 * What the job and the service do with a learner's output: score every prediction and segment verdict, publish them
 * to the sink, publish the running evaluation every {@code everySegments} verdicts, then tell {@code onSegment}.
 */
public final class PublishingListener implements LearnerListener {

    private final PrequentialReport evaluation;
    private final SinkWriter sink;
    private final Clock clock;
    private final String algorithm;
    private final int everySegments;
    private final Consumer<SegmentResult> onSegment;
    private final DashboardFeed dashboard;
    private long segments;

    /** A listener scoring into {@code evaluation} and publishing through {@code sink}. */
    public PublishingListener(PrequentialReport evaluation, SinkWriter sink, Clock clock, String algorithm,
                              int everySegments, Consumer<SegmentResult> onSegment) {
        this(evaluation, sink, clock, algorithm, everySegments, onSegment, DashboardFeed.NONE);
    }

    /** As above, also showing predictions and verdicts on {@code dashboard}. */
    public PublishingListener(PrequentialReport evaluation, SinkWriter sink, Clock clock, String algorithm,
                              int everySegments, Consumer<SegmentResult> onSegment, DashboardFeed dashboard) {
        this.dashboard = dashboard;
        this.evaluation = evaluation;
        this.sink = sink;
        this.clock = clock;
        this.algorithm = algorithm;
        this.everySegments = Math.max(1, everySegments);
        this.onSegment = onSegment;
    }

    @Override
    public void onPrediction(Prediction prediction) {
        evaluation.onPrediction(prediction);
        sink.prediction(prediction);
        dashboard.prediction(prediction);
    }

    @Override
    public void onSegment(SegmentResult result) {
        evaluation.onSegment(result);
        sink.segment(result);
        if (++segments % everySegments == 0) {
            sink.evaluation(algorithm, clock.millis(), evaluation);
        }
        dashboard.segment(result);
        onSegment.accept(result);
    }
}
