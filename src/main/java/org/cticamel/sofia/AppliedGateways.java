package org.cticamel.sofia;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.cticamel.redis.ReportOnce;
import org.cticamel.state.FreeswitchBoxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What FreeSWITCH was given, per domain and box, in a Redis hash (field = gateway name, value =
 * {@code {"profile":..., "json": <the value served>}}): {@code cti_gateway_applied@<domain>} for the one box without
 * cti.json's list, {@code cti_gateway_applied@<domain>/<switchname>} for each box of the list. Kept in Redis so that
 * it outlives a restart of the service and is shared by several instances, which change it only by compare-and-set.
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
    /**
     * HSET the ARGV pairs into KEYS[1] only if it does not exist: a box's own state is never overwritten by a copy.
     * One HSET per pair: unpack() of a large hash would overflow Lua's stack.
     */
    private static final RedisScript<Long> SEED = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            return 1""", Long.class);

    private final StringRedisTemplate redis;
    private final SofiaGatewayReader reader;
    private final FreeswitchBoxes boxes;
    private final ReportOnce reported = new ReportOnce();
    /** Domain → the switchnames whose state holds the shared one of before (see {@link #seed}). */
    private final Map<String, Set<String>> seeded = new ConcurrentHashMap<>();

    public AppliedGateways(StringRedisTemplate redis, SofiaGatewayReader reader, FreeswitchBoxes boxes) {
        this.redis = redis;
        this.reader = reader;
        this.boxes = boxes;
    }

    /** The hash of what the box of that switchname was given ("": the one box without cti.json's list). */
    public static String key(String domain, String switchname) {
        return switchname.isEmpty() ? APPLIED + domain : APPLIED + domain + "/" + switchname;
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
                keys.forEachRemaining(key -> {
                    String domain = key.substring(prefix.length());
                    int box = prefix.equals(APPLIED) ? domain.lastIndexOf('/') : -1;
                    domains.add(box < 0 ? domain : domain.substring(0, box));
                });
            }
        }
        return domains;
    }

    /** A box's applied hash of a domain as stored: name → record JSON (compare-and-set takes it back as is). */
    public Map<String, String> applied(String domain, String switchname) {
        if (!switchname.isEmpty()) {
            seed(domain, switchname);
        }
        return redis.<String, String>opsForHash().entries(key(domain, switchname));
    }

    public String applied(String domain, String switchname, String name) {
        return redis.<String, String>opsForHash().get(key(domain, switchname), name);
    }

    /** Sets a gateway's record to {@code after} (null = none) if it still is {@code before}; false when someone was first. */
    public boolean compareAndSet(String domain, String switchname, String name, String before, String after) {
        Long set = redis.execute(COMPARE_AND_SET, List.of(key(domain, switchname)), name, before == null ? "" : before,
                after == null ? "" : after);
        return set != null && set == 1L;
    }

    /**
     * Upgrade from one state for all boxes: before each box had its own, {@code cti_gateway_applied@<domain>} was
     * what every box had been sent (each command went to all of them), so a listed box without a state of its own
     * starts from a copy of it ({@link #dropShared} deletes it once every box that serves the domain has its own).
     */
    private void seed(String domain, String switchname) {
        Map<String, String> shared = redis.<String, String>opsForHash().entries(APPLIED + domain);
        if (shared.isEmpty()) {
            return;
        }
        List<String> pairs = new ArrayList<>();
        shared.forEach((name, record) -> {
            pairs.add(name);
            pairs.add(record);
        });
        Long copied = redis.execute(SEED, List.of(key(domain, switchname)), pairs.toArray());
        if (copied != null && copied == 1L) {
            LOG.info("Redis {}: copied from {}, what every box was given before each had its own", key(domain, switchname),
                    APPLIED + domain);
        }
        seeded.computeIfAbsent(domain, d -> ConcurrentHashMap.newKeySet()).add(switchname);
    }

    /** Deletes the shared hash of before (see {@link #seed}) once each box of these switchnames has its own. */
    public void dropShared(String domain, Collection<String> switchnames) {
        Set<String> done = seeded.get(domain);
        if (done != null && done.containsAll(switchnames)) {
            redis.delete(APPLIED + domain);
            seeded.remove(domain);
            LOG.info("Redis {} deleted: each FreeSWITCH box has its own {}/<switchname>", APPLIED + domain, APPLIED + domain);
        }
    }

    /**
     * Records what a sofia.conf answer gave the box that asked (with cti.json's list: the box of the form's
     * FreeSWITCH-Switchname; a name that fits no Redis key of ours is logged once and not recorded). At module
     * load (no profile) it starts from nothing, so the answer is the whole truth; a profile start creates that
     * profile's gateways; a rescan or startgw (reconfig) only adds gateways whose name FreeSWITCH does not have
     * yet, so only new names are recorded.
     * Never fails the answer: a problem is logged, and the next change or connect diffs again.
     */
    public void served(@Header("CamelRedis.Key") String key, @Header("profile") String profile, @Header("reconfig") String reconfig,
            @Header("gateway") String gateway, @Header("FreeSWITCH-Switchname") String switchname,
            @Variable("gateways") Map<String, String> hash) {
        try {
            String domain = key.substring(GATEWAYS.length());
            String box = boxes.listed() ? switchname : "";
            if (box == null || !box.isEmpty() && !FreeswitchBoxes.SWITCHNAME.matcher(box).matches()) {
                if (reported.first(String.valueOf(switchname))) {
                    LOG.warn("sofia.conf for {} asked with FreeSWITCH-Switchname {}: not a box's name (1-64 letters, digits, "
                            + "_ . -); what it was given is not recorded", key, switchname == null ? "(none)" : "(not a switchname)");
                }
                return;
            }
            String applied = key(domain, box);
            String asked = profile == null || profile.isEmpty() ? null : profile;
            Map<String, String> records = new HashMap<>();
            wanted(key, hash).forEach((name, wanted) -> {
                if ((asked == null || asked.equals(wanted.profile())) && (gateway == null || gateway.isEmpty() || gateway.equals(name))) {
                    records.put(name, write(wanted));
                }
            });
            if ("true".equals(reconfig)) {
                records.forEach((name, record) -> redis.opsForHash().putIfAbsent(applied, name, record));
            } else {
                if (asked == null) {
                    redis.delete(applied);
                }
                if (!records.isEmpty()) {
                    redis.opsForHash().putAll(applied, records);
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
