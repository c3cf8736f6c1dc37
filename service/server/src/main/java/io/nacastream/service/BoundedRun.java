package io.nacastream.service;

import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bounded run: the service with a bounded source. It starts the service, and once {@code end} completes with the
 * input's end offsets the service consumes up to them, scores and learns the segments still open, checkpoints,
 * publishes its final records and stops.
 */
public final class BoundedRun {

    private BoundedRun() {
    }

    /**
     * Runs {@code service} (built, not started) to the end of its input; throws if {@code end} fails, the service
     * fails, or it does not finish within {@code timeout}. The service is closed on return.
     */
    public static RunSummary run(StreamService service, CompletableFuture<Map<TopicPartition, Long>> end,
                                 Duration timeout, Clock clock) throws Exception {
        long start = clock.millis();
        try (service) {
            service.start();
            end.whenComplete((offsets, error) -> {
                if (error != null) {
                    service.fail(error);
                } else {
                    service.finishAt(offsets);
                }
            });
            try {
                service.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                throw new TimeoutException("the run did not reach the end of its input within " + timeout.toSeconds()
                        + " s (run.timeout-s)");
            }
            return RunSummary.of(service, (clock.millis() - start) / 1000.0);
        }
    }
}
