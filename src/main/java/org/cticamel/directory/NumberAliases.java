package org.cticamel.directory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisHashAsyncCommands;
import org.apache.camel.Header;
import org.cticamel.redis.ReportOnce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
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
 * value. A pass makes that as cheap for Redis as it can be: hash {@code cti_alias_of@{cti_exten@<domain>}} keeps,
 * per extension, the alias it holds in the alias hash; the pass reads the directory with plain HSCANs, finds each
 * value's alias here (a string search) and compares it with what its extension holds: with this service's copy of
 * the holders hash ({@link HeldAliases}), or with Redis (one HMGET per chunk) for extensions the copy does not know,
 * as after start, a reconnection or every tenth refresh. Only the extensions that differ go to a Lua script, which decodes their JSON and
 * moves their entries atomically.
 * A pass goes round the hash once; a change announced meanwhile moves its end to one full round after the chunk
 * that was running, so a change is found within one round whenever it comes. Extensions removed (or an index
 * edited behind the service's back) show as counts that differ at the end of a round; only then are the two
 * index hashes swept. A writer that knows which extension it wrote (the API) indexes it at once ({@link #apply}).
 * Passes run on one thread of their own, one at a time; nothing is kept in the JVM but the hashes waiting for a
 * pass, the chunk at hand and the copies of the holders hashes (about 32 bytes an extension), and nothing for a hash
 * that does not exist.
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
    private static final byte[] NUMBER_ALIAS = "number-alias".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONE = {};

    /**
     * Every how many refreshes the next pass of each hash compares with Redis instead of the copies (a round about
     * twice as long): what the copies cannot see (a writer beside the service that failed half-way) is repaired
     * within ten refreshes.
     */
    private static final int VERIFY_EVERY = 10;
    /** Extensions per apply script call: a few milliseconds of Redis when every one of them changed (a first build). */
    private static final int APPLY_BATCH = 100;
    /** How long one sweep script call may hold Redis (µs). */
    private static final String SWEEP_MICROS = "5000";

    /**
     * KEYS: extensions, aliases, holders; ARGV: extensions whose alias may differ from what they hold. Returns
     * {extensions holding an alias, duplicates, aliases let go, the alias each of ARGV holds now ('' for none)}. The
     * first extension to take an alias keeps it while its value has it; another with the same alias is reported each
     * pass and takes it over once the first lets it go.
     */
    private static final RedisScript<List> APPLY_SCRIPT = RedisScript.of("""
            local function alias_of(extension, value)
              if not value or not string.find(value, 'number-alias', 1, true) then return false end
              local ok, doc = pcall(cjson.decode, value)
              local attribute = ok and type(doc) == 'table' and doc.attribute
              local alias = type(attribute) == 'table' and attribute['number-alias']
              if type(alias) == 'number' or type(alias) == 'boolean' then alias = tostring(alias) end
              return type(alias) == 'string' and alias ~= '' and alias ~= extension and alias
            end
            local holding, duplicates, released, holds = 0, {}, 0, {}
            for _, extension in ipairs(ARGV) do
              local alias = alias_of(extension, redis.call('HGET', KEYS[1], extension))
              local held = redis.call('HGET', KEYS[3], extension)
              local now = held
              if held ~= alias then
                now = false
                if held then
                  if redis.call('HGET', KEYS[2], held) == extension then redis.call('HDEL', KEYS[2], held) end
                  redis.call('HDEL', KEYS[3], extension)
                  released = released + 1
                end
                local holder = alias and redis.call('HGET', KEYS[2], alias)
                if holder and holder ~= extension and alias_of(holder, redis.call('HGET', KEYS[1], holder)) == alias then
                  duplicates[#duplicates + 1] = alias .. '\0' .. holder .. '\0' .. extension
                elseif alias then
                  redis.call('HSET', KEYS[2], alias, extension)
                  redis.call('HSET', KEYS[3], extension, alias)
                  holding = holding + 1
                  now = alias
                end
              elseif held then
                holding = holding + 1
              end
              holds[#holds + 1] = now or ''
            end
            return {holding, duplicates, released, holds}
            """, List.class);

    /**
     * KEYS: extensions, aliases, holders; ARGV: cursor, budget µs, the hash to sweep ('holders' or 'aliases').
     * Drops holders whose extension is gone or whose alias entry is not theirs, or alias entries without their
     * holder; HSCAN until the hash ends or the budget is spent. Returns the next cursor.
     */
    private static final RedisScript<String> SWEEP_SCRIPT = RedisScript.of("""
            local started, cursor = redis.call('TIME'), ARGV[1]
            local holders = ARGV[3] == 'holders'
            repeat
              local scan = redis.call('HSCAN', holders and KEYS[3] or KEYS[2], cursor, 'COUNT', 200)
              cursor = scan[1]
              local fields = scan[2]
              for i = 1, #fields, 2 do
                if holders then
                  local extension, alias = fields[i], fields[i + 1]
                  local mine = redis.call('HGET', KEYS[2], alias) == extension
                  if not mine or redis.call('HEXISTS', KEYS[1], extension) == 0 then
                    redis.call('HDEL', KEYS[3], extension)
                    if mine then redis.call('HDEL', KEYS[2], alias) end
                  end
                elseif redis.call('HGET', KEYS[3], fields[i + 1]) ~= fields[i] then
                  redis.call('HDEL', KEYS[2], fields[i])
                end
              end
              local now = redis.call('TIME')
            until cursor == '0' or (now[1] - started[1]) * 1000000 + now[2] - started[2] >= tonumber(ARGV[2])
            return cursor
            """, String.class);

    private final ExecutorService passes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cti-number-aliases");
        thread.setDaemon(true);
        return thread;
    });
    /** Hash → whether a change was announced since the running pass last looked (or a pass is wanted after it). */
    private final Map<String, Boolean> wanted = new ConcurrentHashMap<>();
    /** Hash → what its extensions hold, as this service last wrote or read it. */
    private final Map<String, HeldAliases> held = new ConcurrentHashMap<>();
    private long refreshes; // on the passes' thread only
    private final ReportOnce reported = new ReportOnce();
    private final StringRedisTemplate redis;

    public NumberAliases(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** For a keyspace notification on {@code __keyspace@<db>__:cti_exten@<domain>}: that hash gets a pass. */
    public void changed(String channel) {
        String key = channel.startsWith(KEYSPACE_PREFIX) ? channel.substring(channel.indexOf("__:") + 3) : channel;
        if (key.startsWith(EXTENSIONS)) {
            schedule(key, true);
        }
    }

    /**
     * Every {@code cti_exten@*} hash, and every index hash whose directory is gone, gets a pass: at start,
     * every cti.directory.alias-max-age-seconds, and whenever changes may have gone unannounced.
     */
    public void refreshAll() {
        passes.execute(() -> {
            if (++refreshes % VERIFY_EVERY == 0) {
                forgetCopies();
            }
            try {
                scanKeys(EXTENSIONS + "*").forEach(key -> schedule(key, false));
                scanKeys(INDEXES).forEach(index -> schedule(index.substring(index.indexOf('{') + 1, index.length() - 1), false));
            } catch (RuntimeException e) {
                LOG.warn("Could not list the cti_exten@* hashes for their number-aliases: {}", e.getMessage());
            }
        });
    }

    /**
     * The extension that the index names as holder of {@code alias} in directory {@code key}, or null. The index
     * may lag a change by one pass: a caller that must be sure reads the holder's value again.
     */
    public String holder(String key, String alias) {
        return (String) redis.opsForHash().get(indexKeys(key).get(1), alias);
    }

    /**
     * Indexes one extension now, for a writer that knows which one it wrote (the API): its alias is found by the
     * next lookup, not after the pass that Redis's announcement starts, which then finds nothing to do for it.
     */
    public void apply(@Header("CamelRedis.Key") String key, @Header("CamelRedis.Field") String extension) {
        List<?> reply = applyScript(key, indexKeys(key), List.of(extension));
        ((List<?>) reply.get(1)).forEach(duplicate -> report(key, String.valueOf(duplicate)));
    }

    /** The apply script for {@code extensions}, and what they hold now into this service's copy, as one step. */
    private List<?> applyScript(String key, List<String> keys, List<String> extensions) {
        HeldAliases copy = heldIn(key);
        synchronized (copy) {
            List<?> reply = redis.execute(APPLY_SCRIPT, keys, extensions.toArray());
            copy.wrote(extensions, (List<?>) reply.get(3));
            return reply;
        }
    }

    private HeldAliases heldIn(String key) {
        return held.computeIfAbsent(key, k -> new HeldAliases());
    }

    /**
     * Drops the copies of the holders hashes: the next pass of each compares with Redis. For a (re)connection of
     * the passes' Redis connection: a failover or a restart may have lost index writes the copies remember.
     */
    public void forgetCopies() {
        held.values().forEach(HeldAliases::forget);
    }

    /** Hashes with a pass queued or running (for tests and health). */
    public int pending() {
        return wanted.size();
    }

    /**
     * A pass for {@code key}; for a change announced, a running pass goes once round again from where it is. A
     * refresh does not: the round under way covers it, and a round longer than the refresh period would never end.
     */
    private void schedule(String key, boolean announced) {
        if (wanted.putIfAbsent(key, Boolean.FALSE) == null) {
            passes.execute(() -> {
                do {
                    wanted.put(key, Boolean.FALSE);
                    pass(key);
                } while (!wanted.remove(key, Boolean.FALSE));
            });
        } else if (announced) {
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
        List<String> keys = indexKeys(key);
        try {
            heldIn(key).expect(redis.opsForHash().size(key)); // sized once, not grown in steps through a first round
            long holding = round(key, keys);
            if (!Boolean.TRUE.equals(redis.hasKey(key))) {
                redis.unlink(keys.subList(1, 3)); // freed apart: a DEL of a million entries holds Redis for a second
                held.remove(key);
                return;
            }
            long holders = redis.opsForHash().size(keys.get(2));
            long aliases = redis.opsForHash().size(keys.get(1));
            if (holding != holders || holding != aliases) {
                LOG.debug("{}: {} extensions hold an alias, {} holders, {} aliases: sweeping", key, holding, holders, aliases);
                sweep(keys, "holders");
                sweep(keys, "aliases");
                heldIn(key).forget();
                if (redis.opsForHash().size(keys.get(2)) < holding) {
                    wanted.replace(key, Boolean.TRUE); // holders lost their alias entry (index edited): walk again
                }
            }
            LOG.debug("{}: {} number-aliases in {} ({} ms)", key, holding, keys.get(1), (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("Could not index the number-aliases of {} into {}: {} (retried on the next change or refresh)",
                    key, keys.get(1), e.getMessage());
        }
    }

    /** The directory, its alias hash and its holders hash: the KEYS of the scripts. */
    private static List<String> indexKeys(String key) {
        return List.of(key, ALIASES + key + "}", HOLDERS + key + "}");
    }

    /**
     * Walks the directory once round, from cursor 0 back to the position where the round must end; a change
     * announced meanwhile moves that end once round again from the first chunk read after it (what was read
     * before the announcement is read again, what is read after it sees the change). Chunks are read ahead
     * ({@link HashWalk}), so that Redis, Lettuce's thread and this one work at once. Returns the extensions holding
     * an alias, counted over the last round.
     */
    private long round(String key, List<String> keys) {
        String end = "0";
        boolean wrapped = false;
        long restartAfter = -1; // after an announcement: the last HSCAN sent before it was seen
        long holding = 0;
        Round round = new Round();
        try (HashWalk walk = new HashWalk(nativeCommands(), keys.get(0).getBytes(StandardCharsets.UTF_8), NumberAliases::plainAlias)) {
            while (true) {
                HashWalk.Chunk chunk = await(keys.get(0), walk.take());
                if (restartAfter >= 0 && chunk.sent > restartAfter) { // read after the announcement: the new round
                    end = chunk.from;
                    wrapped = false;
                    holding = 0;
                    restartAfter = -1;
                }
                holding += compare(key, keys, chunk, round);
                String next = chunk.getCursor();
                if (wanted.replace(key, Boolean.TRUE, Boolean.FALSE)) {
                    restartAfter = walk.sent();
                } else if (restartAfter < 0) {
                    if (next.equals("0")) {
                        if (wrapped) {
                            return round.end(key, holding); // a whole scan since the wrap (the hash was emptied and refilled)
                        }
                        wrapped = true;
                    }
                    if (wrapped && reached(next, end)) {
                        return round.end(key, holding);
                    }
                }
            }
        }
    }

    /** What a round saw besides its count: a duplicate may take over an alias another extension let go. */
    private final class Round {
        private boolean duplicates;
        private boolean released;

        long end(String key, long holding) {
            if (duplicates && released) {
                wanted.replace(key, Boolean.TRUE); // the duplicate may have been read before the alias was let go
            }
            return holding;
        }
    }

    /**
     * One chunk of the walk: each value's alias, as Lettuce's thread read it when plain, against what its extension
     * holds (this service's copy, or one HMGET for the extensions it does not know); only those that differ, or are
     * not plain, go to the apply script. All in bytes, as Redis has them: nothing is decoded but the
     * extensions sent to the script. Returns the extensions holding an alias.
     */
    private long compare(String key, List<String> keys, HashWalk.Chunk chunk, Round round) {
        int n = chunk.fields.size();
        if (n == 0) {
            return 0;
        }
        byte[][] extensions = chunk.fields.toArray(byte[][]::new);
        byte[][] aliases = chunk.read.toArray(byte[][]::new);
        HeldAliases copy = heldIn(key);
        long[] copied = new long[n];
        long writes = copy.read(extensions, copied);
        byte[][] unknown = IntStream.range(0, n).filter(i -> copied[i] == HeldAliases.UNKNOWN).mapToObj(i -> extensions[i])
                .toArray(byte[][]::new);
        byte[] holders = keys.get(2).getBytes(StandardCharsets.UTF_8);
        Future<List<KeyValue<byte[], byte[]>>> asked = unknown.length == 0 ? null
                : ((RedisHashAsyncCommands<byte[], byte[]>) nativeCommands()).hmget(holders, unknown);
        byte[][] answered = new byte[unknown.length][];
        if (asked != null) {
            List<KeyValue<byte[], byte[]>> reply = await(keys.get(2), asked);
            Arrays.setAll(answered, i -> reply.get(i).getValueOrElse(null));
            copy.readFromRedis(writes, unknown, answered);
        }
        List<String> differ = new ArrayList<>();
        long holding = 0;
        for (int i = 0, j = 0; i < n; i++) {
            boolean same;
            if (copied[i] == HeldAliases.UNKNOWN) {
                byte[] holds = answered[j++];
                same = aliases[i] != null && Arrays.equals(aliases[i], holds == null ? NONE : holds);
            } else {
                same = aliases[i] != null && HeldAliases.holds(copied[i], aliases[i]);
            }
            if (!same) {
                differ.add(new String(extensions[i], StandardCharsets.UTF_8));
            } else if (aliases[i].length > 0) {
                holding++;
            }
        }
        for (int from = 0; from < differ.size(); from += APPLY_BATCH) {
            List<?> reply = applyScript(key, keys, differ.subList(from, Math.min(differ.size(), from + APPLY_BATCH)));
            holding += ((Number) reply.get(0)).longValue();
            for (Object duplicate : (List<?>) reply.get(1)) {
                report(key, String.valueOf(duplicate));
                round.duplicates = true;
            }
            round.released |= ((Number) reply.get(2)).longValue() > 0;
        }
        return holding;
    }

    /**
     * The number-alias of a value (its first {@code length} bytes) when it is plain: named once, as a JSON string without escapes, as writers
     * write it (empty for none, or when it is the extension itself); null when not plain, for the apply script to
     * decode. Read from the bytes as they are: the JSON around it is ASCII, and no byte of a multi-byte UTF-8
     * character is, so the alias's bytes are those the script would store.
     */
    static byte[] plainAlias(byte[] extension, byte[] value, int length) {
        int at = indexOf(value, length, NUMBER_ALIAS, 0);
        if (at < 0) {
            return NONE;
        }
        int i = at + NUMBER_ALIAS.length;
        if (at == 0 || value[at - 1] != '"' || indexOf(value, length, NUMBER_ALIAS, i) >= 0 || i >= length || value[i] != '"') {
            return null;
        }
        i = skipSpace(value, length, i + 1);
        if (i >= length || value[i] != ':') {
            return null;
        }
        i = skipSpace(value, length, i + 1);
        if (i >= length || value[i] != '"') {
            return null;
        }
        int from = i + 1;
        int to = from;
        while (to < length && value[to] != '"') {
            if (value[to++] == '\\') { // an escape: the apply script decodes it
                return null;
            }
        }
        if (to >= length) {
            return null;
        }
        return Arrays.equals(value, from, to, extension, 0, extension.length) ? NONE : Arrays.copyOfRange(value, from, to);
    }

    private static int indexOf(byte[] value, int length, byte[] part, int from) {
        for (int i = from; i <= length - part.length; i++) {
            if (value[i] == part[0] && Arrays.equals(value, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] value, int length, int i) {
        while (i < length && (value[i] == ' ' || value[i] == '\t' || value[i] == '\r' || value[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** The passes' Lettuce connection itself, in bytes: its commands are answered later (the pass goes on meanwhile). */
    @SuppressWarnings("unchecked")
    private BaseRedisAsyncCommands<byte[], byte[]> nativeCommands() {
        return redis.execute((RedisCallback<BaseRedisAsyncCommands<byte[], byte[]>>) connection ->
                (BaseRedisAsyncCommands<byte[], byte[]>) connection.getNativeConnection());
    }

    private static <T> T await(String key, Future<T> reply) {
        try {
            return reply.get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether HSCAN cursor {@code cursor} is at or past {@code end}. Redis walks the buckets in the order of
     * their bit-reversed index, an order a resize of the hash keeps, so bit-reversed cursors compare positions.
     */
    private static boolean reached(String cursor, String end) {
        return Long.compareUnsigned(Long.reverse(Long.parseUnsignedLong(cursor)), Long.reverse(Long.parseUnsignedLong(end))) >= 0;
    }

    /** Sweeps one index hash to its end. */
    private void sweep(List<String> keys, String which) {
        String cursor = "0";
        do {
            cursor = redis.execute(SWEEP_SCRIPT, keys, cursor, SWEEP_MICROS, which);
        } while (!cursor.equals("0"));
    }

    private void report(String key, String duplicate) {
        String[] parts = duplicate.split("\0", 3);
        if (parts.length == 3 && reported.first(key + '\0' + duplicate)) {
            LOG.warn("Redis {}: number-alias '{}' is used by '{}' and '{}'; '{}' answers", key, parts[0], parts[1],
                    parts[2], parts[1]);
        }
    }
}
