package io.nacastream.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ends a replay on SIGTERM or Ctrl-C: a shutdown hook asks it to stop, then holds the JVM's exit (at most 10 s) until
 * {@link #close()} says the publisher has flushed and printed its summary.
 */
final class StopOnSignal implements AutoCloseable {

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    /** Registers the hook that runs {@code stop}. */
    StopOnSignal(Runnable stop) {
        hook = new Thread(() -> {
            stop.run();
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "publish-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The summary is out: lets a pending exit go on, and removes the hook when none is pending. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs already; it returns now
        }
    }
}
