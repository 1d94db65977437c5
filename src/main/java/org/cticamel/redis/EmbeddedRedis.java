package org.cticamel.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/** A real redis-server child process on loopback, for running without CTI_REDIS_URL (the binary ships in a jar). */
public final class EmbeddedRedis {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on {@code preferredPort}, or on a free port when that one is 0 or taken. */
    public static EmbeddedRedis start(int preferredPort) throws IOException {
        int port = preferredPort > 0 && isFree(preferredPort) ? preferredPort : freePort();
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .onShutdownForceStop(true)
                .build();
        server.start();
        LOG.info("Embedded redis-server started at redis://127.0.0.1:{} (set CTI_REDIS_URL to use your own Redis)", port);
        return new EmbeddedRedis(server, port);
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the server; the JVM's shutdown does it too. */
    public void stop() throws IOException {
        server.stop();
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
