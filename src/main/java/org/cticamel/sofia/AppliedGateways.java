package org.cticamel.sofia;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What FreeSWITCH was given, per domain, in Redis hash {@code cti_gateway_applied@<domain>} (field = gateway
 * name, value = {@code {"profile":..., "json": <the value served>}}): kept in Redis so that it outlives a
 * restart of the service and is shared by several instances, which change it only by compare-and-set.
 */
public class AppliedGateways {

    /**
     * A gateway as FreeSWITCH has it. {@code killedAt} (epoch ms, 0 = not) marks a killgw sent and FreeSWITCH not
     * yet done deleting: then {@code json} is what to start afterwards, or null for nothing.
     */
    public record Gateway(String profile, String json, long killedAt) {

        boolean killed() {
            return killedAt > 0;
        }

        boolean sameAs(Gateway other) {
            return profile.equals(other.profile) && json.equals(other.json);
        }

        Gateway killedAt(long at) {
            return new Gateway(profile, json, at);
        }
    }

    public static final String GATEWAYS = "cti_gateway@";
    public static final String APPLIED = "cti_gateway_applied@";
    private static final String KILLED = "killgw-sent-at";

    private static final Logger LOG = LoggerFactory.getLogger(AppliedGateways.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** HSET (or HDEL for "") field to ARGV[3] only while it still holds ARGV[2] ("" = absent). */
    private static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of("""
            if (redis.call('HGET', KEYS[1], ARGV[1]) or '') ~= ARGV[2] then return 0 end
            if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
            return 1""", Long.class);

    private final StringRedisTemplate redis;
    private final SofiaGatewayReader reader;

    public AppliedGateways(StringRedisTemplate redis, SofiaGatewayReader reader) {
        this.redis = redis;
        this.reader = reader;
    }

    /** The gateways of {@code cti_gateway@<domain>} that sofia.conf serves (invalid ones are left out), by name. */
    public Map<String, Gateway> wanted(String domain) {
        return wanted(GATEWAYS + domain, redis.<String, String>opsForHash().entries(GATEWAYS + domain));
    }

    private Map<String, Gateway> wanted(String key, Map<String, String> hash) {
        Map<String, Gateway> wanted = new LinkedHashMap<>();
        reader.byProfile(key, hash).forEach((profile, gateways) -> gateways.forEach(
                gateway -> wanted.put(gateway.name(), new Gateway(profile, hash.get(gateway.name()), 0))));
        return wanted;
    }

    /** Every domain with gateways or applied gateways in Redis. */
    public Set<String> domains() {
        Set<String> domains = new TreeSet<>();
        for (String prefix : List.of(GATEWAYS, APPLIED)) {
            try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
                keys.forEachRemaining(key -> domains.add(key.substring(prefix.length())));
            }
        }
        return domains;
    }

    /** The applied hash of a domain as stored: name → record JSON (compare-and-set takes it back as is). */
    public Map<String, String> applied(String domain) {
        return redis.<String, String>opsForHash().entries(APPLIED + domain);
    }

    public String applied(String domain, String name) {
        return redis.<String, String>opsForHash().get(APPLIED + domain, name);
    }

    /** Sets a gateway's record to {@code after} (null = none) if it still is {@code before}; false when someone was first. */
    public boolean compareAndSet(String domain, String name, String before, String after) {
        Long set = redis.execute(COMPARE_AND_SET, List.of(APPLIED + domain), name, before == null ? "" : before,
                after == null ? "" : after);
        return set != null && set == 1L;
    }

    /**
     * Records what a sofia.conf answer gave FreeSWITCH. At module load (no profile) it starts from nothing, so
     * the answer is the whole truth; a profile start creates that profile's gateways; a rescan or startgw
     * (reconfig) only adds gateways whose name FreeSWITCH does not have yet, so only new names are recorded.
     * Never fails the answer: a problem is logged, and the next change or connect diffs again.
     */
    public void served(@Header("CamelRedis.Key") String key, @Header("profile") String profile, @Header("reconfig") String reconfig,
            @Header("gateway") String gateway, @Variable("gateways") Map<String, String> hash) {
        try {
            String domain = key.substring(GATEWAYS.length());
            String asked = profile == null || profile.isEmpty() ? null : profile;
            Map<String, String> records = new HashMap<>();
            wanted(key, hash).forEach((name, wanted) -> {
                if ((asked == null || asked.equals(wanted.profile())) && (gateway == null || gateway.isEmpty() || gateway.equals(name))) {
                    records.put(name, write(wanted));
                }
            });
            if ("true".equals(reconfig)) {
                records.forEach((name, record) -> redis.opsForHash().putIfAbsent(APPLIED + domain, name, record));
            } else {
                if (asked == null) {
                    redis.delete(APPLIED + domain);
                }
                if (!records.isEmpty()) {
                    redis.opsForHash().putAll(APPLIED + domain, records);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not record the gateways served from {} in {}: {}", key, APPLIED, e.getMessage());
        }
    }

    public static String write(Gateway gateway) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("profile", gateway.profile());
        if (gateway.json() != null) {
            record.put("json", gateway.json());
        }
        if (gateway.killed()) {
            record.put(KILLED, gateway.killedAt());
        }
        try {
            return JSON.writeValueAsString(record);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record, or null when absent or not one of ours (then it is treated as never applied). */
    public static Gateway read(String record) {
        if (record == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(record);
            JsonNode json = node.get("json");
            return new Gateway(node.path("profile").asText(SofiaGatewayReader.DEFAULT_PROFILE),
                    json == null || json.isNull() ? null : json.asText(), node.path(KILLED).asLong());
        } catch (IOException e) {
            return null;
        }
    }
}
