package io.nacastream.tests;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition in tests that watch a running service. */
final class Eventually {

    private Eventually() {
    }

    /** Polls {@code condition} every 100 ms until it holds; fails naming {@code what} after 90 s. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
