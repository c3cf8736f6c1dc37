package io.nacastream.tests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The service as a real child JVM with its HTTP port: {@code Main service ...} on this test's classpath, or any other
 * launch of it (the lean service jar).
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Process process;
    final int port;
    final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code service} with these {@code --key=value} options (an HTTP port is added). */
    static ServiceProcess start(Path dir, String name, List<String> options) throws IOException {
        return start(dir, name, 768, options);
    }

    /** Starts {@code service} with a heap of {@code heapMb} MB; an OutOfMemoryError ends the process. */
    static ServiceProcess start(Path dir, String name, int heapMb, List<String> options) throws IOException {
        return start(dir, name, heapMb, List.of("-cp", System.getProperty("java.class.path"), "io.nacastream.cli.Main",
                "service"), options);
    }

    /**
     * Starts the service that the java arguments {@code launch} name (e.g. {@code -jar naca-stream-service.jar}) with
     * these {@code --key=value} options (an HTTP port is added) and a heap of {@code heapMb} MB.
     */
    static ServiceProcess start(Path dir, String name, int heapMb, List<String> launch, List<String> options)
            throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "--add-modules",
                "jdk.incubator.vector",
                "-Dorg.slf4j.simpleLogger.log.io.nacastream=debug"));
        cmd.addAll(launch);
        cmd.add("--http.port=" + port);
        cmd.addAll(options);
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServiceProcess(p, port, log);
    }

    /** GET {@code path}: status code and body, or null when nothing answers. */
    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** True if {@code path} answers with {@code status}. */
    boolean answers(String path, int status) {
        HttpResponse<String> r = get(path);
        return r != null && r.statusCode() == status;
    }

    /** Value of an untagged metric line {@code name value} from /metrics, if present. */
    OptionalDouble metric(String name) {
        HttpResponse<String> r = get("/metrics");
        if (r == null || r.statusCode() != 200) {
            return OptionalDouble.empty();
        }
        return PrometheusText.value(r.body(), name);
    }

    /** Transactions the child has committed ({@code naca_transactions_total{outcome="committed"}}; 0 if unknown). */
    double transactionsCommitted() {
        return metric("naca_transactions_total{outcome=\"committed\"}").orElse(0);
    }

    /** Waits until {@code condition} holds; fails with the child's log otherwise. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited (" + process.exitValue() + ") while waiting for " + what
                        + "\n" + logText());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + logText());
            }
            Thread.sleep(50);
        }
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /** SIGSTOP: the process is frozen (no heartbeat, no commit) until {@link #resume()}. */
    void pause() throws Exception {
        signal("STOP");
    }

    /** SIGCONT: a paused process runs on from where it was frozen. */
    void resume() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();   // a paused (SIGSTOP) process dies too
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    int terminate(Duration timeout) throws Exception {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("service did not stop within " + timeout + " of SIGTERM\n" + logText());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
