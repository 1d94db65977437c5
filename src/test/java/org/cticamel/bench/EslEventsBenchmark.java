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
 * event socket streaming N captured events as fast as it can, and the time until Redis holds them all:
 * events/s landed in Redis with nothing lost. A warm-up of 30000 other events runs first and is not counted.
 * Kind {@code registrations}: sofia::register events of distinct extensions, landed when hash registrations
 * holds all N. Kind {@code calls}: the captured CHANNEL_CREATE, CHANNEL_ANSWER, CHANNEL_HANGUP_COMPLETE of
 * one call, as placed by an authenticated phone, N/3 calls of distinct extensions, through the call state's
 * Lua script; landed when hash calls holds every extension with its call hung up.
 * Arguments: redis port, events (default 90000), service jar (default target/cti-camel.jar), kind
 * (default registrations).
 */
public final class EslEventsBenchmark {

    private static final int WARM_UP = 60_000;
    private static final int WARM_UP_ROUNDS = 3;

    private EslEventsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int redisPort = Integer.parseInt(args[0]);
        int requested = args.length > 1 ? Integer.parseInt(args[1]) : 90_000;
        String jar = args.length > 2 ? args[2] : "target/cti-camel.jar";
        boolean calls = args.length > 3 && args[3].equals("calls");
        String hash = calls ? "calls" : "registrations";
        new File("bench/out").mkdirs();

        try (ScriptedEslServer peer = new ScriptedEslServer("json");
                ServerSocket httpPort = new ServerSocket(0)) {
            List<byte[]> frames = calls ? callFrames(requested / 3, 1_000_000) : registerFrames(requested, 1_000_000);
            int events = frames.size();
            long bytes = frames.stream().mapToLong(frame -> frame.length).sum();
            List<byte[]> warmUp = calls ? callFrames(WARM_UP / 3, 9_000_000) : registerFrames(WARM_UP, 9_000_000);
            long extensions = calls ? events / 3 : events;
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
                // warm-up (JIT), not counted: the same events under other extensions, in rounds (one round
                // more than the event queue holds would overflow it); the JIT is still busy after one
                for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                    for (byte[] frame : warmUp) {
                        peer.send(frame);
                    }
                    while (!landed(redis, hash, calls ? warmUp.size() / 3 : warmUp.size(), calls ? 9_000_000 : -1)) {
                        check(process, deadline, "the warm-up did not land");
                        Thread.sleep(20);
                    }
                    redis.del(hash);
                }

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
                while (!landed(redis, hash, extensions, calls ? 1_000_000 : -1)) {
                    check(process, deadline + 300_000, "only " + redis.hlen(hash) + " of " + extensions + " landed");
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long cpu = cpuMillis(process.pid()) - cpuBefore;
                Map<String, Long> threads = threadCpuMillis(process.pid());
                writer.join();
                if (calls) {
                    long notHungUp = redis.hvals(hash).stream().filter(doc -> !doc.contains("\"notify\":\"hangup\"")
                            || !doc.endsWith("\"activity\":[]}")).count();
                    if (notHungUp > 0) {
                        throw new IllegalStateException(notHungUp + " call documents are not hung up");
                    }
                }
                System.out.printf("esl-events: %d %s events (%.1f MB) landed in Redis hash %s in %.2f s = %.0f events/s "
                        + "(HLEN %d, nothing lost)%n", events, calls ? "CHANNEL_*" : "sofia::register", bytes / 1e6, hash,
                        seconds, events / seconds, redis.hlen(hash));
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

    private static List<byte[]> registerFrames(int count, int firstExtension) throws java.io.IOException {
        String register = body(ScriptedEslServer.eventFrames("esl-json.txt", "sofia::register").get(0));
        return IntStream.range(0, count).mapToObj(i -> ScriptedEslServer.frame("json",
                register.replace("\"from-user\":\"1001\"", "\"from-user\":\"" + (firstExtension + i) + "\""))).toList();
    }

    /** The captured call's three events, once per extension, each call with a uuid of its own. */
    private static List<byte[]> callFrames(int count, int firstExtension) throws java.io.IOException {
        List<String> events = ScriptedEslServer.eventFrames("esl-json.txt").stream().map(EslEventsBenchmark::body)
                .filter(body -> body.startsWith("{\"Event-Name\":\"CHANNEL_")).toList();
        String uuid = "4b81ab01-aaa2-44fb-bcfa-c8992b3d9549";
        return IntStream.range(0, count).boxed().flatMap(i -> events.stream().map(event -> ScriptedEslServer.frame("json",
                "{\"variable_user_name\":\"" + (firstExtension + i) + "\",\"variable_sip_authorized\":\"true\","
                        + event.substring(1).replace(uuid, "bench-" + firstExtension + "-" + i)))).toList();
    }

    /** All there: as many fields as expected, and for calls the last extension's call hung up (events land in order). */
    private static boolean landed(io.lettuce.core.api.sync.RedisCommands<String, String> redis, String hash, long expected,
            int firstCallExtension) {
        if (redis.hlen(hash) < expected) {
            return false;
        }
        String last = firstCallExtension < 0 ? "" : redis.hget(hash, String.valueOf(firstCallExtension + expected - 1));
        return firstCallExtension < 0 || last != null && last.contains("\"notify\":\"hangup\"");
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
