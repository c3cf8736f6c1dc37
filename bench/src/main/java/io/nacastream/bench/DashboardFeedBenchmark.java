package io.nacastream.bench;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.service.dashboard.Dashboard;
import io.nacastream.service.dashboard.DashboardFeed;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH: what the live dashboard costs the learner thread, in DVS events per second through
 * {@link DashboardFeed#packet} for packets of {@value #BATCH} events on a 128 × 128 sensor: {@code enabled=false} is
 * the feed of a disabled dashboard (nothing), {@code true} the dashboard itself; a viewer's frame (every 50 ms) is
 * taken every 64 packets, about as often as at 5 M events/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DashboardFeedBenchmark {

    static final int BATCH = 4096;

    @Param({"true", "false"})
    boolean enabled;

    private Dashboard dashboard;
    private DashboardFeed feed;
    private EventPacket[] packets;
    private int next;

    /** Builds the feed and 64 packets of random events. */
    @Setup
    public void setup() {
        dashboard = new Dashboard(Clock.systemUTC(), ClassNames.dvsGesture(), 50);
        feed = enabled ? dashboard : DashboardFeed.NONE;
        SplittableRandom r = new SplittableRandom(3);
        packets = new EventPacket[64];
        long t = 0;
        for (int p = 0; p < packets.length; p++) {
            EventPacket.Builder b = EventPacket.builder("cam", 128, 128, BATCH);
            for (int i = 0; i < BATCH; i++) {
                b.add(r.nextInt(128), r.nextInt(128), r.nextBoolean(), t += 2);
            }
            packets[p] = b.build();
        }
    }

    /** One packet into the feed (and a frame taken every 64 packets). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int packet() {
        EventPacket p = packets[next];
        next = (next + 1) & 63;
        feed.packet(p, 3);
        if (next == 0 && enabled) {
            return dashboard.frame("cam").length();
        }
        return next;
    }
}
