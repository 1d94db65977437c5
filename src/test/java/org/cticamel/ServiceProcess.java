package org.cticamel;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** The packaged jar run as an operator runs it ({@code java -jar target/cti-camel.jar}), its output collected line by line. */
final class ServiceProcess implements AutoCloseable {

    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Process process;

    private ServiceProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(output::add);
            } catch (IOException | UncheckedIOException e) {
                // the process was stopped: its output ends here
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Started from the repo root with this environment added (CTI_REDIS_URL removed unless given). */
    static ServiceProcess start(Map<String, String> environment) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", "target/cti-camel.jar").redirectErrorStream(true);
        builder.environment().remove("CTI_REDIS_URL");
        builder.environment().putAll(environment);
        return new ServiceProcess(builder.start());
    }

    List<String> output() {
        return List.copyOf(output);
    }

    String log() {
        return String.join("\n", output);
    }

    /** Waits for a line of output matching the predicate and returns it. */
    String awaitLine(Predicate<String> line, Duration atMost) {
        return await().atMost(atMost).until(() -> output.stream().filter(line).findFirst().orElse(null), l -> l != null);
    }

    /** The exit status, waiting up to {@code atMost}; null when still running. */
    Integer exitStatus(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as docker stop sends; true when it stopped within 30 s. */
    boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && !stop()) {
            process.destroyForcibly();
        }
    }
}
