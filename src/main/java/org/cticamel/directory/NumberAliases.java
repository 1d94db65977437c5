package org.cticamel.directory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.cticamel.redis.ReportOnce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Keeps Redis hash {@code cti_alias@{cti_exten@<domain>}} (number-alias → extension) in step with {@code cti_exten@<domain>},
 * so that the directory route finds an extension by its alias with one HGET, whatever the size of the
 * directory, and never waits for an index: lookups read the alias hash as it is (the route re-checks the
 * alias on the extension it reads, so a stale entry never serves a wrong user), while passes run apart.
 * <p>
 * A pass walks {@code cti_exten@<domain>} in chunks with a Lua script that sends back nothing but duplicates:
 * each chunk's aliases are written into the live alias hash at once (a new alias is found before the pass
 * ends) and into a pass hash, which replaces the live one when the pass is complete (removed aliases go).
 * Redis's keyspace notifications name the changed hash, not the field, so a change means one pass; changes
 * during a pass mean one more after it. Passes run on one thread of their own, one at a time; nothing is
 * kept in the JVM but the hashes waiting for a pass, and nothing for a hash that does not exist.
 */
public class NumberAliases {

    private static final Logger LOG = LoggerFactory.getLogger(NumberAliases.class);
    private static final String EXTENSIONS = "cti_exten@";
    /**
     * The alias hash of {@code cti_exten@<domain>} is {@code cti_alias@{cti_exten@<domain>}}: the hash tag puts it
     * in the directory's Redis Cluster slot, so the scripts below may touch both.
     */
    private static final String ALIASES = "cti_alias@{";
    private static final String KEYSPACE_PREFIX = "__keyspace@";
    /** Fields per chunk: each chunk holds Redis for well under a millisecond per hundred values. */
    private static final String CHUNK = "500";
    /** A pass hash left behind by a stopped service goes by itself. */
    private static final String PASS_TTL_SECONDS = "600";

    /** KEYS: extensions, live aliases, pass aliases; ARGV: cursor, count, pass TTL. Returns {cursor, duplicates}. */
    private static final RedisScript<List> CHUNK_SCRIPT = RedisScript.of("""
            local scan = redis.call('HSCAN', KEYS[1], ARGV[1], 'COUNT', ARGV[2])
            local fields, duplicates = scan[2], {}
            for i = 1, #fields, 2 do
              local extension, value = fields[i], fields[i + 1]
              if string.find(value, 'number-alias', 1, true) then
                local ok, doc = pcall(cjson.decode, value)
                local attribute = ok and type(doc) == 'table' and doc.attribute
                local alias = type(attribute) == 'table' and attribute['number-alias']
                if type(alias) == 'number' or type(alias) == 'boolean' then alias = tostring(alias) end
                if type(alias) == 'string' and alias ~= '' and alias ~= extension then
                  if redis.call('HSETNX', KEYS[3], alias, extension) == 1 then
                    redis.call('HSET', KEYS[2], alias, extension)
                  else
                    local other = redis.call('HGET', KEYS[3], alias)
                    if other ~= extension then
                      duplicates[#duplicates + 1] = alias .. '\\0' .. other .. '\\0' .. extension
                    end
                  end
                end
              end
            end
            if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('EXPIRE', KEYS[3], ARGV[3]) end
            return {scan[1], duplicates}
            """, List.class);

    /** KEYS: live aliases, pass aliases. The complete pass becomes the live hash (none: no aliases). */
    private static final RedisScript<Long> FINISH_SCRIPT = RedisScript.of("""
            if redis.call('EXISTS', KEYS[2]) == 1 then
              redis.call('RENAME', KEYS[2], KEYS[1])
              redis.call('PERSIST', KEYS[1])
              return redis.call('HLEN', KEYS[1])
            end
            redis.call('DEL', KEYS[1])
            return 0
            """, Long.class);

    private final ExecutorService passes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cti-number-aliases");
        thread.setDaemon(true);
        return thread;
    });
    /** Hash → whether another pass is wanted after the one queued or running. */
    private final Map<String, Boolean> wanted = new ConcurrentHashMap<>();
    private final ReportOnce reported = new ReportOnce();
    private final String passId = UUID.randomUUID().toString();
    private final StringRedisTemplate redis;

    public NumberAliases(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** For a keyspace notification on {@code __keyspace@<db>__:cti_exten@<domain>}: that hash gets a pass. */
    public void changed(String channel) {
        String key = channel.startsWith(KEYSPACE_PREFIX) ? channel.substring(channel.indexOf("__:") + 3) : channel;
        if (key.startsWith(EXTENSIONS)) {
            schedule(key);
        }
    }

    /**
     * Every {@code cti_exten@*} hash, and every alias hash whose directory is gone, gets a pass: at start,
     * every cti.directory.alias-max-age-seconds, and whenever changes may have gone unannounced.
     */
    public void refreshAll() {
        passes.execute(() -> {
            try {
                scanKeys(EXTENSIONS + "*").forEach(this::schedule);
                scanKeys(ALIASES + EXTENSIONS + "*}").forEach(alias -> schedule(alias.substring(ALIASES.length(), alias.length() - 1)));
            } catch (RuntimeException e) {
                LOG.warn("Could not list the cti_exten@* hashes for their number-aliases: {}", e.getMessage());
            }
        });
    }

    /** Hashes with a pass queued or running (for tests and health). */
    public int pending() {
        return wanted.size();
    }

    private void schedule(String key) {
        if (wanted.putIfAbsent(key, Boolean.FALSE) == null) {
            passes.execute(() -> {
                do {
                    wanted.put(key, Boolean.FALSE);
                    pass(key);
                } while (!wanted.remove(key, Boolean.FALSE));
            });
        } else {
            wanted.replace(key, Boolean.TRUE);
        }
    }

    /** The keys matching {@code pattern}; on a Redis Cluster, of every master (SCAN is per node there). */
    private List<String> scanKeys(String pattern) {
        ScanOptions options = ScanOptions.scanOptions().match(pattern).count(1000).build();
        try (RedisConnection connection = redis.getRequiredConnectionFactory().getConnection()) {
            if (connection instanceof RedisClusterConnection cluster) {
                List<String> keys = new ArrayList<>();
                for (RedisClusterNode node : cluster.clusterGetNodes()) {
                    if (node.isMaster()) {
                        try (Cursor<byte[]> cursor = cluster.scan(node, options)) {
                            cursor.forEachRemaining(key -> keys.add(new String(key, StandardCharsets.UTF_8)));
                        }
                    }
                }
                return keys;
            }
        }
        try (Cursor<String> keys = redis.scan(options)) {
            return keys.stream().toList();
        }
    }

    private void pass(String key) {
        long started = System.nanoTime();
        String live = ALIASES + key + "}";
        String building = live + ":pass:" + passId;
        try {
            redis.delete(building);
            String cursor = "0";
            do {
                List<?> reply = redis.execute(CHUNK_SCRIPT, List.of(key, live, building), cursor, CHUNK, PASS_TTL_SECONDS);
                cursor = String.valueOf(reply.get(0));
                for (Object duplicate : (List<?>) reply.get(1)) {
                    report(key, String.valueOf(duplicate));
                }
            } while (!cursor.equals("0"));
            Long aliases = redis.execute(FINISH_SCRIPT, List.of(live, building));
            LOG.debug("{}: {} number-aliases in {} ({} ms)", key, aliases, live, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("Could not index the number-aliases of {} into {}: {} (retried on the next change or refresh)",
                    key, live, e.getMessage());
        }
    }

    private void report(String key, String duplicate) {
        String[] parts = duplicate.split("\0", 3);
        if (parts.length == 3 && reported.first(key + '\0' + duplicate)) {
            LOG.warn("Redis {}: number-alias '{}' is used by '{}' and '{}'; '{}' answers", key, parts[0], parts[1],
                    parts[2], parts[1]);
        }
    }
}
