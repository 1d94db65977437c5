package org.cticamel.state;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.Counter;
import org.cticamel.config.CtiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each update where cti.json says: HSET or HDEL in the hash, PUBLISH to the channel, RPUSH to the
 * list. Commands go out asynchronously on one connection of its own and are flushed in batches (every
 * {@value #BATCH} commands, and at the latest {@value #FLUSH_MILLIS} ms after the first unflushed one): one
 * round trip, or even one socket write, per command would cap us at a few thousand events/s. Order is
 * kept because one thread sends them on that connection. At most {@code maxInFlight} unanswered commands: past that the caller waits, which backs up
 * into the ESL queue, never into the socket reader.
 * <p>
 * While Redis is unreachable, writes fail at once (the client rejects commands while disconnected) and the
 * update is lost; once Redis answers a PING again, {@code onRedisBack} runs once for that outage, so that a
 * resync from FreeSWITCH makes the hashes right again.
 */
public final class RedisStores implements AutoCloseable {

    /** HDEL unless the stored value says another FreeSWITCH wrote it: one box never removes another's entries. */
    static final String HDEL_OWN = """
            local v = redis.call('HGET', KEYS[1], ARGV[1])
            if not v then return 0 end
            local ok, doc = pcall(cjson.decode, v)
            if ok and type(doc) == 'table' and doc['FreeSWITCH-Switchname'] and doc['FreeSWITCH-Switchname'] ~= ARGV[2] then
              return 0
            end
            return redis.call('HDEL', KEYS[1], ARGV[1])""";

    private static final Logger LOG = LoggerFactory.getLogger(RedisStores.class);
    private static final int BATCH = 256;
    private static final int FLUSH_MILLIS = 2;
    private static final int PROBE_MILLIS = 250;

    private final CtiConfig config;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final Semaphore inFlight;
    private final Counter errors;
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastReport;
    private final AtomicInteger unflushed = new AtomicInteger();
    /** Writes were lost (or the connection dropped) and Redis has not answered since. */
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile Runnable onRedisBack = () -> { };
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "redis-stores-flush");
        thread.setDaemon(true);
        return thread;
    });

    /** On one server's connection (direct or through Sentinel) or a Cluster's (each command goes to its key's master). */
    public RedisStores(CtiConfig config, StatefulConnection<String, String> connection, int maxInFlight, Counter errors) {
        this.config = config;
        this.errors = errors;
        this.connection = connection;
        this.redis = connection instanceof StatefulRedisClusterConnection<String, String> cluster ? cluster.async()
                : ((StatefulRedisConnection<String, String>) connection).async();
        this.inFlight = new Semaphore(maxInFlight);
        connection.setAutoFlushCommands(false);
        flusher.scheduleWithFixedDelay(this::probe, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** What to run, once per outage, when Redis answers again after writes were lost. */
    public void onRedisBack(Runnable action) {
        this.onRedisBack = action;
    }

    /** The stores' connection dropped: whatever was sent and not answered may be lost. */
    public void connectionLost() {
        lost.set(true);
    }

    public void apply(CtiUpdate update) throws InterruptedException {
        CtiConfig.Store store = config.store(update.kind());
        String json = update.json();
        if (!store.hash().isEmpty()) {
            inFlight.acquire();
            if (update.isSet()) {
                watch(redis.hset(store.hash(), update.field(), json), "HSET", store.hash(), update.field());
            } else {
                watch(redis.eval(HDEL_OWN, ScriptOutputType.INTEGER, new String[] {store.hash()},
                        update.field(), update.node()), "HDEL", store.hash(), update.field());
            }
        }
        if (!store.channel().isEmpty()) {
            inFlight.acquire();
            watch(redis.publish(store.channel(), json), "PUBLISH", store.channel(), update.field());
        }
        if (!store.list().isEmpty()) {
            inFlight.acquire();
            watch(redis.rpush(store.list(), json), "RPUSH", store.list(), update.field());
        }
    }

    /**
     * Runs a Lua script in the same pipeline as the other writes (so in the order they were sent) and returns
     * its reply, null when the script returned false. The script itself is sent each time (EVAL, not
     * EVALSHA): after a Redis restart EVALSHA fails with NOSCRIPT, and replaying the failed ones would put
     * them behind later writes.
     */
    public CompletionStage<String> script(String script, String[] keys, String[] args, String label, String field)
            throws InterruptedException {
        inFlight.acquire();
        CompletionStage<String> reply = redis.eval(script, ScriptOutputType.VALUE, keys, args);
        watch(reply, label, keys[0], field);
        return reply;
    }

    private void watch(CompletionStage<?> reply, String command, String key, String field) {
        int pending = unflushed.incrementAndGet();
        if (pending == 1) { // the first since a flush: flushed with what follows within FLUSH_MILLIS (no timer at rest)
            flusher.schedule(this::flushPending, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        } else if (pending >= BATCH) {
            flushPending();
        }
        reply.whenComplete((result, error) -> {
            inFlight.release();
            if (error != null) {
                report(command, key, field, error);
            }
        });
    }

    /** One line per second at most: a Redis outage must not become a flood of identical lines. */
    private void report(String command, String key, String field, Throwable error) {
        errors.increment();
        if (!(error instanceof RedisCommandExecutionException)) { // Redis's own error reply: a resync would not help
            lost.set(true);
        }
        long failed = failures.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastReport >= 1000) {
            lastReport = now;
            LOG.warn("Redis {} {} ({}) failed: {} ({} failed writes so far; a resync follows once Redis answers)",
                    command, key, field, error.toString(), failed);
        }
    }

    /** While writes are lost, a PING now and then; the first answer ends the outage. */
    private void probe() {
        if (!lost.get() || !probing.compareAndSet(false, true)) {
            return;
        }
        RedisFuture<String> ping = redis.ping();
        connection.flushCommands();
        ping.whenComplete((pong, error) -> {
            probing.set(false);
            if (error == null && lost.compareAndSet(true, false)) {
                LOG.info("Redis answers again after {} failed writes: resync", failures.get());
                flusher.execute(this::redisBack);
            }
        });
    }

    private void redisBack() {
        try {
            onRedisBack.run();
        } catch (RuntimeException e) {
            LOG.warn("Resync after Redis came back not started: {}", e.toString());
        }
    }

    private void flushPending() {
        if (unflushed.getAndSet(0) > 0) {
            connection.flushCommands();
        }
    }

    /**
     * A hash's entries, read on the stores' own connection: after every write sent before it, and with the
     * stores' patient timeout.
     */
    public Map<String, String> entries(String hash) {
        var entries = redis.hgetall(hash);
        unflushed.set(0);
        connection.flushCommands();
        return entries.toCompletableFuture().join();
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        connection.close();
    }
}
