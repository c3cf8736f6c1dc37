package io.nacastream.service.commit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-injection seam for the crash tests: with the system property {@code naca.test.commit-pause-ms} above 0,
 * every commit logs {@code event=transaction_committing} and waits that long after its offsets are sent and before
 * it commits, so a test can kill the process in the middle of a commit. Off (0) unless the property is set.
 */
final class CommitFaults {

    private static final Logger LOG = LoggerFactory.getLogger(CommitFaults.class);
    private static final long PAUSE_MS = Long.getLong("naca.test.commit-pause-ms", 0);

    private CommitFaults() {
    }

    static void beforeCommit() {
        if (PAUSE_MS <= 0) {
            return;
        }
        LOG.info("event=transaction_committing pause_ms={}", PAUSE_MS);
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
