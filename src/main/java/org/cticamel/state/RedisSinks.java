package org.cticamel.state;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.cticamel.config.CtiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each update where cti.json says: HSET or HDEL in the hash, PUBLISH to the channel, RPUSH to the
 * list. Commands go out asynchronously on one connection, so they pipeline (one round trip per command
 * would cap us near 4k events/s); order is kept because one thread sends them on that connection. At most {@code maxInFlight} unanswered commands: past that the caller waits, which backs up
 * into the ESL queue, never into the socket reader.
 */
public final class RedisSinks implements AutoCloseable {

    /** HDEL unless the stored value says another FreeSWITCH wrote it: one box never removes another's entries. */
    static final String HDEL_OWN = """
            local v = redis.call('HGET', KEYS[1], ARGV[1])
            if not v then return 0 end
            local ok, doc = pcall(cjson.decode, v)
            if ok and type(doc) == 'table' and doc['FreeSWITCH-Switchname'] and doc['FreeSWITCH-Switchname'] ~= ARGV[2] then
              return 0
            end
            return redis.call('HDEL', KEYS[1], ARGV[1])""";

    private static final Logger LOG = LoggerFactory.getLogger(RedisSinks.class);

    private final CtiConfig config;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final Semaphore inFlight;
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastReport;

    public RedisSinks(CtiConfig config, StatefulRedisConnection<String, String> connection, int maxInFlight) {
        this.config = config;
        this.connection = connection;
        this.redis = connection.async();
        this.inFlight = new Semaphore(maxInFlight);
    }

    public void apply(CtiUpdate update) throws InterruptedException {
        CtiConfig.Sink sink = config.sink(update.kind());
        String json = update.json();
        if (!sink.hash().isEmpty()) {
            inFlight.acquire();
            if (update.isSet()) {
                watch(redis.hset(sink.hash(), update.field(), json), "HSET", sink.hash(), update.field());
            } else {
                watch(redis.eval(HDEL_OWN, ScriptOutputType.INTEGER, new String[] {sink.hash()},
                        update.field(), update.node()), "HDEL", sink.hash(), update.field());
            }
        }
        if (!sink.channel().isEmpty()) {
            inFlight.acquire();
            watch(redis.publish(sink.channel(), json), "PUBLISH", sink.channel(), update.field());
        }
        if (!sink.list().isEmpty()) {
            inFlight.acquire();
            watch(redis.rpush(sink.list(), json), "RPUSH", sink.list(), update.field());
        }
    }

    private void watch(CompletionStage<?> reply, String command, String key, String field) {
        reply.whenComplete((result, error) -> {
            inFlight.release();
            if (error != null) {
                report(command, key, field, error);
            }
        });
    }

    /** One line per second at most: a Redis outage must not become a flood of identical lines. */
    private void report(String command, String key, String field, Throwable error) {
        long failed = failures.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastReport >= 1000) {
            lastReport = now;
            LOG.warn("Redis {} {} ({}) failed: {} ({} failed writes so far; the next ESL reconnect resyncs)",
                    command, key, field, error.toString(), failed);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
