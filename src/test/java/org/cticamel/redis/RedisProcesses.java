package org.cticamel.redis;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import redis.embedded.core.ExecutableProvider;

import static org.awaitility.Awaitility.await;

/**
 * Real redis-server and redis-sentinel processes on loopback and free ports, for failover and Cluster tests:
 * the redis-server binary that the embedded-redis artifact ships (Sentinel is that binary with --sentinel), so
 * nothing needs installing. Each gets a working directory under one temporary directory; {@link #close()}
 * kills every process and removes it.
 */
final class RedisProcesses implements AutoCloseable {

    private final File binary;
    private final Path dir;
    private final List<Process> started = new ArrayList<>();

    RedisProcesses() throws IOException {
        binary = ExecutableProvider.newJarResourceProvider().get();
        dir = Files.createTempDirectory("cti-redis-ha");
    }

    /** A redis-server on a free port with the given extra arguments (e.g. --replicaof, --cluster-enabled); returns it once it listens. */
    Node server(String... args) throws IOException {
        int port = freePort();
        Path home = Files.createDirectories(dir.resolve("server-" + port));
        List<String> command = new ArrayList<>(List.of(binary.getAbsolutePath(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", home.toString()));
        command.addAll(List.of(args));
        return start(command, port, home);
    }

    /** A sentinel on a free port watching {@code master} as "mymaster" (quorum 2), quick to act. */
    Node sentinel(Node master) throws IOException {
        int port = freePort();
        Path home = Files.createDirectories(dir.resolve("sentinel-" + port));
        Path config = home.resolve("sentinel.conf");
        Files.writeString(config, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + home,
                "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 2",
                "sentinel down-after-milliseconds mymaster 1000",
                "sentinel failover-timeout mymaster 4000",
                "sentinel parallel-syncs mymaster 1", ""));
        return start(List.of(binary.getAbsolutePath(), config.toString(), "--sentinel"), port, home);
    }

    private Node start(List<String> command, int port, Path home) throws IOException {
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("log.txt").toFile()).start();
        started.add(process);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return new Node(process, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        started.forEach(Process::destroyForcibly);
        for (Process process : started) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** One process and its port. */
    record Node(Process process, int port) {

        String address() {
            return "127.0.0.1:" + port;
        }

        /** As a crash would: SIGKILL, no goodbye to anyone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
