package org.cticamel.bench;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.cticamel.esl.ScriptedEslServer;

/**
 * Benchmark (not part of mvn test; run by bench/esl-events.sh): the service jar in its own JVM, a scripted
 * event socket streaming N captured sofia::register events (distinct extensions) as fast as it can, and
 * the time until the registrations hash holds all N: events/s landed in Redis with nothing lost. A warm-up
 * of 30000 other events runs first and is not counted.
 * Arguments: redis port, events (default 200000), service jar (default target/cti-camel.jar).
 */
public final class EslEventsBenchmark {

    private static final int WARM_UP = 30_000;

    private EslEventsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int redisPort = Integer.parseInt(args[0]);
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        String jar = args.length > 2 ? args[2] : "target/cti-camel.jar";
        new File("bench/out").mkdirs();

        try (ScriptedEslServer peer = new ScriptedEslServer("json");
                ServerSocket httpPort = new ServerSocket(0)) {
            String register = body(ScriptedEslServer.eventFrames("esl-json.txt", "sofia::register").get(0));
            List<byte[]> frames = IntStream.range(0, events).mapToObj(i -> ScriptedEslServer.frame("json",
                    register.replace("\"from-user\":\"1001\"", "\"from-user\":\"" + (1_000_000 + i) + "\""))).toList();
            long bytes = frames.stream().mapToLong(frame -> frame.length).sum();
            List<byte[]> warmUp = IntStream.range(0, WARM_UP).mapToObj(i -> ScriptedEslServer.frame("json",
                    register.replace("\"from-user\":\"1001\"", "\"from-user\":\"" + (9_000_000 + i) + "\""))).toList();
            int http = httpPort.getLocalPort();
            httpPort.close();

            ProcessBuilder service = new ProcessBuilder("java", "-jar", jar)
                    .redirectErrorStream(true).redirectOutput(new File("bench/out/service.log"));
            service.environment().putAll(Map.of(
                    "CTI_REDIS_URL", "redis://127.0.0.1:" + redisPort,
                    "CTI_ESL_PORT", String.valueOf(peer.port()),
                    "CTI_HTTP_PORT", String.valueOf(http),
                    "CTI_CONFIG", "cti.json"));
            Process process = service.start();
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
            try {
                RedisCommands<String, String> redis = client.connect().sync();
                long deadline = System.currentTimeMillis() + 120_000;
                while (!peer.commands.contains("bgapi sofia xmlstatus")) {
                    check(process, deadline, "the service never connected (see bench/out/service.log)");
                    Thread.sleep(50);
                }
                Thread.sleep(2000); // let the resync finish before the clock starts
                // warm-up (JIT), not counted: the same events under other extensions
                for (byte[] frame : warmUp) {
                    peer.send(frame);
                }
                while (redis.hlen("registrations") < warmUp.size()) {
                    check(process, deadline, "the warm-up did not land");
                    Thread.sleep(20);
                }
                redis.del("registrations");

                long cpuBefore = cpuMillis(process.pid());
                Map<String, Long> threadsBefore = threadCpuMillis(process.pid());
                long start = System.nanoTime();
                Thread writer = new Thread(() -> {
                    try {
                        for (byte[] frame : frames) {
                            peer.send(frame);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                writer.start();
                long landed = 0;
                while (landed < events) {
                    check(process, deadline + 300_000, "only " + landed + " of " + events + " landed");
                    Thread.sleep(5);
                    landed = redis.hlen("registrations");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long cpu = cpuMillis(process.pid()) - cpuBefore;
                Map<String, Long> threads = threadCpuMillis(process.pid());
                writer.join();
                System.out.printf("esl-events: %d sofia::register events (%.1f MB) landed in Redis hash registrations "
                        + "in %.2f s = %.0f events/s (HLEN %d, nothing lost)%n", events, bytes / 1e6, seconds, events / seconds, landed);
                System.out.printf("esl-events: the service used %.1f CPU-seconds = %.1f us of CPU per event "
                        + "(%.0f events per CPU-second); load average %s%n", cpu / 1e3, cpu * 1e3 / events,
                        events / (cpu / 1e3), java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip());
                // the route runs on one thread: its CPU per event bounds the rate whatever the other threads do
                StringBuilder perThread = new StringBuilder();
                threads.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
                        .filter(e -> e.getValue() * 1e3 / events >= 1).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(e -> perThread.append(String.format(" %s %.1f;", e.getKey(), e.getValue() * 1e3 / events)));
                System.out.println("esl-events: us of CPU per event by thread:" + perThread);
            } finally {
                client.shutdown();
                process.destroy();
                process.waitFor();
            }
        }
    }

    /** CPU time (user + system) a process has used so far, from /proc (Linux). */
    private static long cpuMillis(long pid) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // clock ticks of 10 ms
    }

    /** CPU time per thread name (digits folded, so a pool counts as one), from /proc/PID/task (Linux). */
    private static Map<String, Long> threadCpuMillis(long pid) throws java.io.IOException {
        Map<String, Long> result = new java.util.TreeMap<>();
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    result.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10, Long::sum);
                } catch (java.io.IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return result;
    }

    private static void check(Process process, long deadline, String problem) {
        if (!process.isAlive() || System.currentTimeMillis() > deadline) {
            throw new IllegalStateException(problem);
        }
    }

    private static String body(byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        return text.substring(text.indexOf("\n\n") + 2);
    }
}
