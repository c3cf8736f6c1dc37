package io.nacastream.service;

import io.nacastream.learner.eval.PrequentialReport;
import io.nacastream.sink.EnergyReport;

/**
 * What a run of the service did.
 *
 * @param packets     packets learned from
 * @param spikes      input spikes learned from
 * @param events      events learned from
 * @param evaluation  every verdict, scored
 * @param energy      the energy report of everything learned
 * @param deadLetters records refused
 * @param wallSeconds how long it ran
 */
public record RunSummary(long packets, long spikes, long events, PrequentialReport evaluation, EnergyReport energy,
                         long deadLetters, double wallSeconds) {

    /** Input events processed per wall-clock second. */
    public double eventsPerSecond() {
        return wallSeconds <= 0 ? 0 : events / wallSeconds;
    }

    /**
     * A summary of {@code service} as its newest view shows it, {@code wallSeconds} after it started; on its learner
     * thread, refresh the view first ({@code service.processor().refreshView()}) for a figure of this moment.
     */
    public static RunSummary of(StreamService service, double wallSeconds) {
        var view = service.view();
        return new RunSummary(view.packets(), view.counts().events(), view.events(), service.processor().evaluation(),
                service.energy(), service.deadLetters(), wallSeconds);
    }
}
