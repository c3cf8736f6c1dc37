package io.nacastream.service;

import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.service.http.Readiness;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting out the cluster's refusals: not ready saying why meanwhile, other failures at once, a stop ends it. */
class ClusterAccessTest {

    @Test
    void refusalsAreWaitedOutAndReportedUntilTheStepSucceeds() throws Exception {
        try (Readiness readiness = readiness()) {
            AtomicInteger tries = new AtomicInteger();
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            String result = new ClusterAccess(readiness, new CompletableFuture<>()).await(() -> {
                int n = tries.incrementAndGet();
                if (n > 1) {
                    seen.add(readiness.status().reason().orElse(""));
                }
                if (n == 1) {
                    throw new ExecutionException(new SaslAuthenticationException("Authentication failed during "
                            + "authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"));
                }
                if (n == 2) {
                    throw new TopicAuthorizationException("Not authorized to access topics: [dvs.events]");
                }
                return "connected";
            });
            assertEquals("connected", result);
            assertEquals(3, tries.get());
            assertTrue(seen.get(0).startsWith("the broker refused the credentials")
                    && seen.get(0).contains("SaslAuthenticationException"), seen.toString());
            assertTrue(seen.get(1).startsWith("the cluster refused an operation")
                    && seen.get(1).contains("dvs.events"), seen.toString());
            assertTrue(readiness.status().reason().orElse("").startsWith("the broker does not answer"),
                    "granted: only the (dead) broker check is left");
        }
    }

    @Test
    void otherFailuresAreThrownAtOnceAndAStopEndsTheWait() throws Exception {
        try (Readiness readiness = readiness()) {
            IllegalStateException other = new IllegalStateException("topics are not co-partitioned");
            assertSame(other, assertThrows(IllegalStateException.class,
                    () -> new ClusterAccess(readiness, new CompletableFuture<>()).await(() -> {
                        throw other;
                    })));
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> stopped.complete(null));
            long t0 = System.nanoTime();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new ClusterAccess(readiness, stopped).await(() -> {
                        throw new TopicAuthorizationException("Not authorized to access topics: [x]");
                    }));
            assertTrue(e.getMessage().startsWith("stopped while the cluster refused the service"), e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() < 5000, "the stop cut the pause short");
        }
    }

    private static Readiness readiness() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Readiness r = new Readiness(KafkaClientConfig.plaintext("127.0.0.1:" + deadPort), Duration.ofMinutes(1),
                () -> true, () -> 1);
        r.modelLoaded();
        return r;
    }
}
