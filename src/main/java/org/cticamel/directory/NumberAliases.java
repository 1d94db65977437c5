package org.cticamel.directory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Header;
import org.cticamel.redis.ReportOnce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * number-alias → extension, per {@code cti_exten@<domain>} hash, so that a lookup by alias is O(1).
 * Built on first use from one HSCAN of the hash; dropped when Redis reports a change to that hash (keyspace
 * notification, see routes/directory-changes) and, as a safety net for missed notifications, after maxAge.
 * The directory route re-checks the alias on the extension it reads, so a stale entry never serves a wrong user.
 */
public class NumberAliases {

    private static final Logger LOG = LoggerFactory.getLogger(NumberAliases.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEYSPACE_PREFIX = "__keyspace@";

    private record Index(Map<String, String> extensionByAlias, long builtAtNanos) {
    }

    private final Map<String, Index> indexes = new ConcurrentHashMap<>();
    private final ReportOnce reported = new ReportOnce();
    private final StringRedisTemplate redis;
    private final long maxAgeNanos;

    public NumberAliases(StringRedisTemplate redis, Duration maxAge) {
        this.redis = redis;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The extension whose {@code attribute.number-alias} is {@code alias} in hash {@code key}, or null. */
    public String extensionOf(@Header("CamelRedis.Key") String key, @Header("user") String alias) {
        Index index = indexes.get(key);
        if (index != null && System.nanoTime() - index.builtAtNanos() > maxAgeNanos) {
            indexes.remove(key, index);
            index = null;
        }
        if (index == null) {
            index = indexes.computeIfAbsent(key, this::build);
        }
        return index.extensionByAlias().get(alias);
    }

    /** Forgets the index of the hash named by a keyspace notification channel ({@code __keyspace@0__:<key>}). */
    public void forget(String channel) {
        String key = channel.startsWith(KEYSPACE_PREFIX) ? channel.substring(channel.indexOf("__:") + 3) : channel;
        indexes.remove(key);
    }

    /** Forgets every index: Redis may have changed without telling us (it restarted, or notifications were off). */
    public void forgetAll() {
        indexes.clear();
    }

    private Index build(String key) {
        long started = System.nanoTime();
        Map<String, String> byAlias = new HashMap<>();
        try (Cursor<Map.Entry<Object, Object>> entries =
                redis.opsForHash().scan(key, ScanOptions.scanOptions().count(1000).build())) {
            entries.forEachRemaining(entry -> {
                String extension = (String) entry.getKey();
                String alias = aliasIn((String) entry.getValue());
                if (alias != null && !alias.equals(extension)) {
                    String other = byAlias.putIfAbsent(alias, extension);
                    if (other != null && reported.first(key + '\0' + alias + '\0' + other + '\0' + extension)) {
                        LOG.warn("Redis {}: number-alias '{}' is used by '{}' and '{}'; '{}' answers", key, alias, other,
                                extension, other);
                    }
                }
            });
        }
        LOG.debug("Indexed {} number-aliases of {} in {} µs", byAlias.size(), key, (System.nanoTime() - started) / 1000);
        return new Index(byAlias, System.nanoTime());
    }

    private static String aliasIn(String json) {
        try {
            JsonNode alias = JSON.readTree(json).path("attribute").path("number-alias");
            return alias.isValueNode() && !alias.asText().isEmpty() ? alias.asText() : null;
        } catch (Exception e) {
            return null; // malformed values are reported when they are read as a user
        }
    }
}
