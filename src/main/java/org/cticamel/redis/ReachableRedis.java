package org.cticamel.redis;

import java.util.function.Supplier;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import org.cticamel.config.RootMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for Redis at start-up: an unreachable Redis does not stop the service, it waits, saying so, and
 * starts once Redis answers (lookups need Redis anyway; later outages are the connection's own reconnects).
 */
public final class ReachableRedis {

    private static final Logger LOG = LoggerFactory.getLogger(ReachableRedis.class);

    private ReachableRedis() {
    }

    /** A connection made by {@code connect}, retried every second, with a line every 30 s while Redis is away. */
    public static StatefulConnection<String, String> connect(RedisUrl url, Supplier<StatefulConnection<String, String>> connect)
            throws InterruptedException {
        long started = System.nanoTime();
        long nextReport = 0;
        while (true) {
            try {
                StatefulConnection<String, String> connection = connect.get();
                if (nextReport > 0) {
                    LOG.info("Redis {} reachable after {} s, starting", url, (System.nanoTime() - started) / 1_000_000_000);
                }
                return connection;
            } catch (RedisException e) {
                long waited = (System.nanoTime() - started) / 1_000_000_000;
                if (waited >= nextReport) {
                    LOG.warn("Redis {} unreachable ({}); waiting for it, retrying every second (CTI_REDIS_URL)", url,
                            RootMessage.of(e));
                    nextReport = waited + 30;
                }
                Thread.sleep(1000);
            }
        }
    }
}
