package org.cticamel.directory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Redis's keyspace notifications name the changed hash, not the field, so finding a change means reading every
 * value. A pass makes that cheap: hash {@code cti_alias_of@{cti_exten@<domain>}} keeps, per extension, the alias it
 * holds in the alias hash, and a Lua script walks the directory in chunks comparing each value's alias (a plain
 * string search, JSON decoding only when the value is unusual or the alias changed) with it: only differences are
 * written. A chunk holds Redis for about {@code cti.directory.alias-chunk-ms}. A pass goes round the hash once;
 * a change announced meanwhile moves its end to one full round after the chunk that was running, so a change is
 * found within one round whenever it comes. Extensions removed (or an index edited behind the service's back)
 * show as counts that differ at the end of a round; only then are the two index hashes swept.
 * Passes run on one thread of their own, one at a time; nothing is kept in the JVM but the hashes waiting for a
 * pass, and nothing for a hash that does not exist.
 */
public class NumberAliases {

    private static final Logger LOG = LoggerFactory.getLogger(NumberAliases.class);
    private static final String EXTENSIONS = "cti_exten@";
    /**
     * The index hashes of {@code cti_exten@<domain>} are {@code cti_alias@{cti_exten@<domain>}} and
     * {@code cti_alias_of@{cti_exten@<domain>}}: the hash tag puts them in the directory's Redis Cluster slot, so
     * the scripts below may touch all three.
     */
    private static final String ALIASES = "cti_alias@{";
    private static final String HOLDERS = "cti_alias_of@{";
    private static final String INDEXES = "cti_alias*@{" + EXTENSIONS + "*}";
    private static final String KEYSPACE_PREFIX = "__keyspace@";

    /**
     * The loop of both scripts: HSCAN {@code key} from cursor ARGV[1], {@code each(field, value)} on every entry,
     * until the hash ends or ARGV[2] µs went by; returns the next cursor.
     */
    private static final String CHUNK = """
            local function chunk(key, each)
              local started, cursor = redis.call('TIME'), ARGV[1]
              local budget = tonumber(ARGV[2])
              repeat
                local scan = redis.call('HSCAN', key, cursor, 'COUNT', 200)
                cursor = scan[1]
                local fields = scan[2]
                for i = 1, #fields, 2 do each(fields[i], fields[i + 1]) end
                local now = redis.call('TIME')
              until cursor == '0' or (now[1] - started[1]) * 1000000 + now[2] - started[2] >= budget
              return cursor
            end
            """;

    /**
     * KEYS: extensions, aliases, holders; ARGV: cursor, budget µs. Returns {cursor, extensions holding an alias,
     * duplicates}. The first extension to take an alias keeps it while its value has it; another with the same
     * alias is reported each pass and takes it over once the first lets it go.
     */
    private static final RedisScript<List> WALK_SCRIPT = RedisScript.of(CHUNK + """
            local find, match = string.find, string.match
            local function decoded(extension, value)
              local ok, doc = pcall(cjson.decode, value)
              local attribute = ok and type(doc) == 'table' and doc.attribute
              local alias = type(attribute) == 'table' and attribute['number-alias']
              if type(alias) == 'number' or type(alias) == 'boolean' then alias = tostring(alias) end
              return type(alias) == 'string' and alias ~= '' and alias ~= extension and alias
            end
            -- the alias of a value (or false), and whether JSON-decoded: a plain search when the value names
            -- number-alias once, as a plain string (what writers write); decoded otherwise
            local function alias_of(extension, value)
              local at = find(value, 'number-alias', 1, true)
              if not at then return false, true end
              if not find(value, 'number-alias', at + 12, true) then
                local alias = match(value, '^"number%-alias"%s*:%s*"([^"\\\\]*)"', at - 1)
                if alias then return alias ~= '' and alias ~= extension and alias, false end
              end
              return decoded(extension, value), true
            end
            local holding, duplicates = 0, {}
            local cursor = chunk(KEYS[1], function(extension, value)
              local alias, sure = alias_of(extension, value)
              local held = redis.call('HGET', KEYS[3], extension)
              if held ~= alias and not sure then alias = decoded(extension, value) end
              if held == alias then
                if held then holding = holding + 1 end
                return
              end
              if held then
                if redis.call('HGET', KEYS[2], held) == extension then redis.call('HDEL', KEYS[2], held) end
                redis.call('HDEL', KEYS[3], extension)
              end
              if not alias then return end
              local holder = redis.call('HGET', KEYS[2], alias)
              if holder and holder ~= extension then
                local other = redis.call('HGET', KEYS[1], holder)
                if other and decoded(holder, other) == alias then
                  duplicates[#duplicates + 1] = alias .. '\\0' .. holder .. '\\0' .. extension
                  return
                end
              end
              redis.call('HSET', KEYS[2], alias, extension)
              redis.call('HSET', KEYS[3], extension, alias)
              holding = holding + 1
            end)
            return {cursor, holding, duplicates}
            """, List.class);

    /**
     * KEYS: extensions, aliases, holders; ARGV: cursor, budget µs, the hash to sweep ('holders' or 'aliases').
     * Drops holders whose extension is gone or whose alias entry is not theirs, then alias entries without their
     * holder. Returns {cursor, holders dropped while their extension may still have an alias}.
     */
    private static final RedisScript<List> SWEEP_SCRIPT = RedisScript.of(CHUNK + """
            local lost = 0
            local cursor
            if ARGV[3] == 'holders' then
              cursor = chunk(KEYS[3], function(extension, alias)
                local mine = redis.call('HGET', KEYS[2], alias) == extension
                if not mine or redis.call('HEXISTS', KEYS[1], extension) == 0 then
                  redis.call('HDEL', KEYS[3], extension)
                  if mine then redis.call('HDEL', KEYS[2], alias) else lost = lost + 1 end
                end
              end)
            else
              cursor = chunk(KEYS[2], function(alias, extension)
                if redis.call('HGET', KEYS[3], extension) ~= alias then redis.call('HDEL', KEYS[2], alias) end
              end)
            end
            return {cursor, lost}
            """, List.class);

    private final ExecutorService passes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cti-number-aliases");
        thread.setDaemon(true);
        return thread;
    });
    /** Hash → whether a change was announced since the running pass last looked (or a pass is wanted after it). */
    private final Map<String, Boolean> wanted = new ConcurrentHashMap<>();
    private final ReportOnce reported = new ReportOnce();
    private final StringRedisTemplate redis;
    private final String chunkMicros;

    /** @param chunkMillis how long one script call may hold Redis (cti.directory.alias-chunk-ms) */
    public NumberAliases(StringRedisTemplate redis, int chunkMillis) {
        this.redis = redis;
        this.chunkMicros = String.valueOf(chunkMillis * 1000L);
    }

    /** For a keyspace notification on {@code __keyspace@<db>__:cti_exten@<domain>}: that hash gets a pass. */
    public void changed(String channel) {
        String key = channel.startsWith(KEYSPACE_PREFIX) ? channel.substring(channel.indexOf("__:") + 3) : channel;
        if (key.startsWith(EXTENSIONS)) {
            schedule(key);
        }
    }

    /**
     * Every {@code cti_exten@*} hash, and every index hash whose directory is gone, gets a pass: at start,
     * every cti.directory.alias-max-age-seconds, and whenever changes may have gone unannounced.
     */
    public void refreshAll() {
        passes.execute(() -> {
            try {
                scanKeys(EXTENSIONS + "*").forEach(this::schedule);
                scanKeys(INDEXES).forEach(index -> schedule(index.substring(index.indexOf('{') + 1, index.length() - 1)));
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
        List<String> keys = List.of(key, ALIASES + key + "}", HOLDERS + key + "}");
        try {
            long holding = round(key, keys);
            if (!Boolean.TRUE.equals(redis.hasKey(key))) {
                redis.delete(keys.subList(1, 3));
                return;
            }
            long holders = redis.opsForHash().size(keys.get(2));
            long aliases = redis.opsForHash().size(keys.get(1));
            if (holding != holders || holding != aliases) {
                LOG.debug("{}: {} extensions hold an alias, {} holders, {} aliases: sweeping", key, holding, holders, aliases);
                if (sweep(keys, "holders") + sweep(keys, "aliases") > 0) {
                    wanted.replace(key, Boolean.TRUE); // holders dropped with their extension still there: walk again
                }
            }
            LOG.debug("{}: {} number-aliases in {} ({} ms)", key, holding, keys.get(1), (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("Could not index the number-aliases of {} into {}: {} (retried on the next change or refresh)",
                    key, keys.get(1), e.getMessage());
        }
    }

    /**
     * Walks the directory once round, from cursor 0 back to the position where the round must end; a change
     * announced during a chunk moves that end to the cursor after it, once round again (what was read before
     * the announcement is read again, what is read after it sees the change). Returns the extensions holding an
     * alias, counted over the last round.
     */
    private long round(String key, List<String> keys) {
        String cursor = "0";
        String end = "0";
        boolean wrapped = false;
        long holding = 0;
        while (true) {
            List<?> reply = redis.execute(WALK_SCRIPT, keys, cursor, chunkMicros);
            String next = String.valueOf(reply.get(0));
            holding += ((Number) reply.get(1)).longValue();
            for (Object duplicate : (List<?>) reply.get(2)) {
                report(key, String.valueOf(duplicate));
            }
            if (wanted.replace(key, Boolean.TRUE, Boolean.FALSE)) {
                end = next;
                wrapped = false;
                holding = 0;
            } else if (next.equals("0")) {
                if (wrapped) {
                    return holding; // a whole scan since the wrap (the hash was emptied and refilled)
                }
                wrapped = true;
            }
            if (wrapped && reached(next, end)) {
                return holding;
            }
            cursor = next;
        }
    }

    /**
     * Whether HSCAN cursor {@code cursor} is at or past {@code end}. Redis walks the buckets in the order of
     * their bit-reversed index, an order a resize of the hash keeps, so bit-reversed cursors compare positions.
     */
    private static boolean reached(String cursor, String end) {
        return Long.compareUnsigned(Long.reverse(Long.parseUnsignedLong(cursor)), Long.reverse(Long.parseUnsignedLong(end))) >= 0;
    }

    /** Sweeps one index hash to its end; returns the holders dropped while their extension may still hold an alias. */
    private long sweep(List<String> keys, String which) {
        String cursor = "0";
        long lost = 0;
        do {
            List<?> reply = redis.execute(SWEEP_SCRIPT, keys, cursor, chunkMicros, which);
            cursor = String.valueOf(reply.get(0));
            lost += ((Number) reply.get(1)).longValue();
        } while (!cursor.equals("0"));
        return lost;
    }

    private void report(String key, String duplicate) {
        String[] parts = duplicate.split("\0", 3);
        if (parts.length == 3 && reported.first(key + '\0' + duplicate)) {
            LOG.warn("Redis {}: number-alias '{}' is used by '{}' and '{}'; '{}' answers", key, parts[0], parts[1],
                    parts[2], parts[1]);
        }
    }
}
