package io.nacastream.service.dashboard;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.sink.EnergyReport;

import java.util.List;
import java.util.Set;

/**
 * What the learner thread tells the live dashboard: packets as they are learned from, predictions, gesture verdicts
 * and energy reports. {@link #NONE} does nothing, so a disabled dashboard costs one interface call per packet.
 */
public interface DashboardFeed {

    /** A feed that ignores everything (dashboard disabled). */
    DashboardFeed NONE = new DashboardFeed() {
    };

    /** {@code packet} was learned from, {@code latencyMs} after its record was appended in Kafka. */
    default void packet(EventPacket packet, long latencyMs) {
    }

    /** A periodic prediction of a stream. */
    default void prediction(Prediction prediction) {
    }

    /** The verdict on a labelled gesture. */
    default void segment(SegmentResult result) {
    }

    /** The cumulative energy of a learner, per algorithm. */
    default void energy(EnergyReport report) {
    }

    /**
     * A continual-learning run of {@code learner} has finished task {@code completed} - 1: {@code accuracy[j][i]} is
     * the accuracy on task i's classes ({@code tasks.get(i)}) after task j, for j &lt; completed and i &le; j.
     */
    default void tasks(String learner, List<Set<Integer>> tasks, double[][] accuracy, int completed) {
    }

    /**
     * How outputs are committed: the processing guarantee, the commit interval, and the transactions committed and
     * aborted so far (both 0 under at-least-once).
     */
    default void commits(String guarantee, long intervalMs, long committed, long aborted) {
    }

    /** The consumer lag in records, when the runtime knows it. */
    default void lag(long records) {
    }
}
