package org.cticamel.state;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.cticamel.config.CtiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each update where cti.json says: HSET or HDEL in the hash, PUBLISH to the channel, RPUSH to the
 * list. Commands go out asynchronously on the service's Lettuce connection, so they pipeline (one round
 * trip per command would cap us near 4k events/s); order is kept because one thread sends them on one
 * connection. At most {@code maxInFlight} unanswered commands: past that the caller waits, which backs up
 * into the ESL queue, never into the socket reader.
 */
public final class RedisSinks {

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
    private final RedisClusterAsyncCommands<byte[], byte[]> redis;
    private final Semaphore inFlight;

    public RedisSinks(CtiConfig config, RedisClusterAsyncCommands<byte[], byte[]> redis, int maxInFlight) {
        this.config = config;
        this.redis = redis;
        this.inFlight = new Semaphore(maxInFlight);
    }

    public void apply(CtiUpdate update) throws InterruptedException {
        CtiConfig.Sink sink = config.sink(update.kind());
        byte[] json = bytes(update.json());
        if (!sink.hash().isEmpty()) {
            inFlight.acquire();
            if (update.isSet()) {
                watch(redis.hset(bytes(sink.hash()), bytes(update.field()), json), "HSET", sink.hash(), update.field());
            } else {
                watch(redis.eval(HDEL_OWN, ScriptOutputType.INTEGER, new byte[][] {bytes(sink.hash())},
                        bytes(update.field()), bytes(update.node())), "HDEL", sink.hash(), update.field());
            }
        }
        if (!sink.channel().isEmpty()) {
            inFlight.acquire();
            watch(redis.publish(bytes(sink.channel()), json), "PUBLISH", sink.channel(), update.field());
        }
        if (!sink.list().isEmpty()) {
            inFlight.acquire();
            watch(redis.rpush(bytes(sink.list()), json), "RPUSH", sink.list(), update.field());
        }
    }

    private void watch(CompletionStage<?> reply, String command, String key, String field) {
        reply.whenComplete((result, error) -> {
            inFlight.release();
            if (error != null) {
                LOG.warn("Redis {} {} ({}) failed: {}", command, key, field, error.toString());
            }
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
