package io.nacastream.service;

import io.nacastream.service.http.Readiness;
import io.nacastream.service.kafka.AccessFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits out the cluster's refusals: runs a step that talks to the cluster again and again, while it fails because
 * the cluster refuses the credentials or an operation, until it succeeds or the service is stopped. Meanwhile the
 * service is not ready, {@link Readiness} saying why; each new reason is logged once, and the pause between two tries
 * doubles from 1 s up to {@link #LONGEST_PAUSE}. Any other failure is thrown at once.
 */
final class ClusterAccess {

    /** Longest pause between two tries. */
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ClusterAccess.class);

    private final Readiness readiness;
    private final CompletableFuture<?> stopped;
    private int refusals;
    private String lastReason;

    /** The pause after the {@code refusals}-th refusal in a row: 1, 2, 4, ... s, at most {@link #LONGEST_PAUSE}. */
    static Duration pause(int refusals) {
        return Duration.ofSeconds(Math.min(LONGEST_PAUSE.toSeconds(), 1L << Math.min(refusals - 1, 30)));
    }

    /** Reports refusals to {@code readiness}; gives up once {@code stopped} completes. */
    ClusterAccess(Readiness readiness, CompletableFuture<?> stopped) {
        this.readiness = readiness;
        this.stopped = stopped;
    }

    /** The result of {@code step}, tried until the cluster lets it through. */
    <T> T await(Callable<T> step) throws Exception {
        while (true) {
            try {
                T result = step.call();
                if (lastReason != null) {
                    readiness.granted();
                    LOG.info("event=cluster_access_granted");
                }
                return result;
            } catch (Exception e) {
                Optional<String> reason = AccessFailures.reason(e);
                if (reason.isEmpty()) {
                    throw e;
                }
                refused(reason.get());
            }
        }
    }

    private void refused(String reason) throws Exception {
        if (!reason.equals(lastReason)) {   // logged before /health/ready shows it, so whoever sees it finds the line
            LOG.error("event=cluster_access_refused reason=\"{}\" detail=\"not ready; trying again every {} s at "
                    + "most\"", reason, LONGEST_PAUSE.toSeconds());
            lastReason = reason;
        }
        readiness.refused(reason);
        try {
            stopped.get(pause(++refusals).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return;
        } catch (Exception e) {
            // stopped exceptionally: stopped all the same
        }
        throw new IllegalStateException("stopped while the cluster refused the service: " + reason);
    }
}
