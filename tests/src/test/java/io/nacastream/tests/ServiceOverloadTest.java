package io.nacastream.tests;

import io.nacastream.ingest.kafka.KafkaTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Overload: a child-process service with a 384 MB heap is offered {@code naca.overload.factor} (default 4) times the
 * rate it was just measured to learn at; the rate it then learns at while saturated must be at most half the offer. Backpressure must keep the backlog in Kafka, not in the heap: the lag grows
 * while the producer outruns the service, the live heap after GC stays bounded, no OutOfMemoryError (it would end
 * the process), the lag drains once the producer stops, and every event is learned exactly once. The CI run is
 * about {@code naca.overload.seconds} (default 5 s); the soak command sets 60 (docs/reliability.md).
 */
@ExtendWith(SharedBroker.class)
class ServiceOverloadTest {

    private static final String EVENTS = "overload.events";
    private static final String LABELS = "overload.labels";
    private static final String CHECKPOINTS = "overload.checkpoints";
    private static final String GROUP = "overload";
    private static final int HEAP_MB = 384;

    @Test
    void aProducerOutrunningTheServiceBuildsLagNotHeapAndTheLagDrains(@TempDir Path dir) throws Exception {
        double seconds = Double.parseDouble(System.getProperty("naca.overload.seconds", "5"));
        double factor = Double.parseDouble(System.getProperty("naca.overload.factor", "4"));
        String bootstrap = SharedBroker.bootstrap();
        KafkaTopics.ensure(bootstrap, List.of(EVENTS, LABELS), 1);
        StagedStreams streams = StagedStreams.render(6, 41);
        streams.publishLabels(bootstrap, LABELS);
        int parts = 8;
        try (ServiceProcess service = ServiceProcess.start(dir, "service", HEAP_MB, List.of(
                "--bootstrap.servers=" + bootstrap, "--topic.events=" + EVENTS, "--topic.labels=" + LABELS,
                "--topic.predictions=overload.predictions", "--topic.energy=overload.energy",
                "--topic.dead-letter=overload.dead-letter", "--checkpoint.topic=" + CHECKPOINTS, "--group.id=" + GROUP,
                "--checkpoint.interval-ms=2000", "--learner.mode=event", "--learner.hidden=1024"))) {
            service.await("ready", Duration.ofSeconds(60), () -> service.answers("/health/ready", 200));

            // 1. Capacity: the first eighth warms the JIT up; then three eighths are published at once (faster than the
            //    service learns) and timed until learned, checkpoints included.
            long warmUp = streams.publishPaced(bootstrap, EVENTS, 0, 1, parts, Double.MAX_VALUE);
            service.await("the warm-up learned", Duration.ofSeconds(300),
                    () -> service.metric("naca_events_total").orElse(0) >= warmUp);
            long t0 = System.nanoTime();
            long backlog = streams.publishPaced(bootstrap, EVENTS, 1, 4, parts, Double.MAX_VALUE);
            service.await("the backlog learned", Duration.ofSeconds(300),
                    () -> service.metric("naca_events_total").orElse(0) >= warmUp + backlog);
            double capacity = backlog / ((System.nanoTime() - t0) / 1e9);

            // 2. Overload: the rest offered at factor x capacity while lag and live heap are sampled.
            Sampler sampler = new Sampler(service);
            Thread watcher = new Thread(sampler);
            watcher.start();
            double learnedBefore = service.metric("naca_events_total").orElse(0);
            long t1 = System.nanoTime();
            // Rounds of the stream (the rest of it, then whole shifted copies with their labels) until the time is
            // up; each round's offer is factor x the larger of the first estimate and what the service learned in
            // the round before, so the overload holds as the service warms up.
            double rate = factor * capacity;
            long rest = 0;
            for (int cycle = 0; cycle == 0 || (System.nanoTime() - t1) / 1e9 < seconds; cycle++) {
                double learnedAt = service.metric("naca_events_total").orElse(0);
                long tc = System.nanoTime();
                rest += cycle == 0 ? streams.publishPaced(bootstrap, EVENTS, 4, parts, parts, rate)
                        : streams.publishPaced(bootstrap, EVENTS, LABELS, 0, parts, parts, rate, cycle, 1);
                double learnedInCycle = (service.metric("naca_events_total").orElse(0) - learnedAt)
                        / ((System.nanoTime() - tc) / 1e9);
                rate = factor * Math.max(capacity, learnedInCycle);
            }
            double offeredSeconds = (System.nanoTime() - t1) / 1e9;
            double lagAtProducerEnd = sampler.lag;
            double learnedRate = (service.metric("naca_events_total").orElse(0) - learnedBefore) / offeredSeconds;
            service.await("the backlog drained", Duration.ofSeconds(600),
                    () -> StagedStreams.committedAtEnd(bootstrap, GROUP, EVENTS)
                            && service.metric("naca_consumer_lag").orElse(1) == 0);
            double drainSeconds = (System.nanoTime() - t1) / 1e9 - offeredSeconds;
            sampler.stop.set(true);
            watcher.join();

            double offered = rest / offeredSeconds;
            System.out.printf("overload: capacity measured %.0f ev/s; offered %.0f ev/s for %.1f s (%d events) while "
                    + "the service learned %.0f ev/s (offered %.1fx what it learned); lag at producer end %.0f records, "
                    + "max %.0f; drained %.1f s later; live heap after GC max %.0f MB of %d MB%n", capacity, offered,
                    offeredSeconds, rest, learnedRate, offered / learnedRate, lagAtProducerEnd, sampler.maxLag,
                    drainSeconds, sampler.maxLiveHeap / 1e6, HEAP_MB);
            assertTrue(offered >= 2 * learnedRate, "offered at least twice what the saturated service learned: "
                    + offered + " vs " + learnedRate);
            assertTrue(lagAtProducerEnd > 1000, "the producer outran the service: lag " + lagAtProducerEnd);
            assertTrue(sampler.maxLag > 100, "the backlog built up in Kafka: max lag " + sampler.maxLag);
            assertTrue(sampler.maxLiveHeap > 0 && sampler.maxLiveHeap < 0.75 * HEAP_MB * 1e6,
                    "live heap after GC bounded: " + sampler.maxLiveHeap);
            assertTrue(service.process.isAlive(), "no OutOfMemoryError\n" + service.logText());
            assertEquals(143, service.terminate(Duration.ofSeconds(60)));
        }
        Map<String, StagedStreams.Tally> published = StagedStreams.published(bootstrap, EVENTS);
        StagedStreams.assertLearnedExactlyOnce(bootstrap, EVENTS, CHECKPOINTS, published, 1);
    }

    /** Samples the consumer lag and the live heap after GC every 250 ms from /metrics. */
    private static final class Sampler implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        private final ServiceProcess service;
        volatile double lag;
        volatile double maxLag;
        volatile double maxLiveHeap;

        Sampler(ServiceProcess service) {
            this.service = service;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                var r = service.get("/metrics");
                if (r != null && r.statusCode() == 200) {
                    String text = r.body();
                    lag = PrometheusText.value(text, "naca_consumer_lag").orElse(lag);
                    maxLag = Math.max(maxLag, lag);
                    maxLiveHeap = Math.max(maxLiveHeap,
                            PrometheusText.value(text, "jvm_gc_live_data_size_bytes").orElse(0));
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
