package org.cticamel.directory;

import org.cticamel.redis.SwitchTrue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.cticamel.esl.protocol.EslArgument;
import org.cticamel.redis.ReportOnce;
import org.cticamel.state.FreeswitchBoxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The users each FreeSWITCH box holds in its cache because we served them with {@code cacheable}: per box (its
 * switchname, from the request; "" for the one box without cti.json's list), domain and extension, a fingerprint of
 * the value served and each name it was asked by (id, number-alias) with the time its cache entry expires. A change of
 * that value in Redis becomes {@code xml_flush_cache id <name> <domain>} to each box that cached it.
 * Bounded by what was served: expired entries are dropped, and past {@code max} entries new ones are not kept.
 */
public class CachedUsers {

    private static final Logger LOG = LoggerFactory.getLogger(CachedUsers.class);
    private static final String KEY = "cti_exten@";
    private static final long FOREVER = Long.MAX_VALUE;

    /**
     * One served extension: the fingerprint of its value, and name asked → expiry (epoch ms). Two values that collide
     * only delay a flush until FreeSWITCH's cache entry expires.
     */
    record Served(long fingerprint, Map<String, Long> expiries) {

        Served merge(Served other) {
            Map<String, Long> merged = new HashMap<>(expiries);
            other.expiries.forEach((name, expiry) -> merged.merge(name, expiry, Math::max));
            return new Served(other.fingerprint, Map.copyOf(merged));
        }

        Served unexpired(long now) {
            Map<String, Long> left = new HashMap<>(expiries);
            left.values().removeIf(expiry -> expiry <= now);
            return left.size() == expiries.size() ? this : new Served(fingerprint, Map.copyOf(left));
        }
    }

    /** Switchname → domain → extension → what that box cached. */
    private final Map<String, Map<String, Map<String, Served>>> byBox = new ConcurrentHashMap<>();
    private final ReportOnce reported = new ReportOnce();
    private final StringRedisTemplate redis;
    private final FreeswitchBoxes boxes;
    private final int max;

    public CachedUsers(StringRedisTemplate redis, FreeswitchBoxes boxes, int max) {
        this.redis = redis;
        this.boxes = boxes;
        this.max = max;
    }

    /** The directory route served {@code user} (asked as {@code asked}) from {@code json}: track it if FreeSWITCH caches it. */
    public void served(@Header("key_value") String domain, @Header("CamelRedis.Field") String extension, @Header("user") String asked,
            @Header("FreeSWITCH-Switchname") String switchname, @Variable("json") String json, @Body DirectoryUser user) {
        String cacheable = user.attributes().get("cacheable");
        String box = boxes.listed() ? switchname : "";
        if (cacheable == null || box == null) {
            return;
        }
        if (!EslArgument.isWord(asked) || !EslArgument.isWord(domain)) {
            // xml_flush_cache id <name> <domain>: a space or line break in either would change the command
            if (reported.first(domain + '\0' + extension + '\0' + asked)) {
                LOG.warn("Redis {}{} field '{}': asked for by a name or domain with a space or control character; "
                        + "not flushed from FreeSWITCH's cache when it changes", KEY, printable(domain) ? domain : "(bad domain)",
                        printable(extension) ? extension : "(bad name)");
            }
            return;
        }
        long now = System.currentTimeMillis();
        long expiry = FOREVER; // switch_xml.c: a value that is not a number caches for ever
        if (SwitchTrue.isNumber(cacheable.strip())) {
            long ms = Long.parseLong(cacheable.strip());
            if (ms <= 0) {
                return;
            }
            expiry = now + ms;
        }
        if (size() >= max && dropExpired(now) >= max) {
            if (reported.first("full")) {
                LOG.warn("{} cached users tracked (cti.directory.cached-users-max): changes to more are not flushed from "
                        + "FreeSWITCH's cache, they show when their cacheable time is over", max);
            }
            return;
        }
        Served served = new Served(Fingerprint.of(json), Map.of(asked, expiry));
        tracked(box, domain).merge(extension, served, Served::merge);
    }

    /** For a keyspace notification on {@code __keyspace@<db>__:cti_exten@<domain>}: each box's flushes for the changed users. */
    public List<CacheFlush> changed(String channel) {
        int at = channel.indexOf(KEY);
        List<CacheFlush> flushes = new ArrayList<>();
        if (at >= 0) {
            String domain = channel.substring(at + KEY.length());
            boxes.switchnames().forEach((box, switchname) -> flushes.addAll(flushes(box, switchname, domain)));
        }
        return flushes;
    }

    /** On a box's (re)connect (header EslBox; none: every box): the flushes it could not be sent meanwhile. */
    public List<CacheFlush> resync(@Header("EslBox") String box) {
        List<CacheFlush> flushes = new ArrayList<>();
        boxes.switchnames().forEach((each, switchname) -> {
            if (box == null || box.equals(each)) {
                byBox.getOrDefault(switchname, Map.of()).keySet().forEach(domain -> flushes.addAll(flushes(each, switchname, domain)));
            }
        });
        return flushes;
    }

    /** A flush that could not be sent: track the user again, with the fingerprint that was served, so that the box's next resync retries. */
    void restore(String switchname, String domain, String extension, Served served) {
        tracked(switchname, domain).merge(extension, served, (tracked, restored) -> tracked.merge(restored));
    }

    private Map<String, Served> tracked(String switchname, String domain) {
        return byBox.computeIfAbsent(switchname, s -> new ConcurrentHashMap<>()).computeIfAbsent(domain, d -> new ConcurrentHashMap<>());
    }

    private List<CacheFlush> flushes(String box, String switchname, String domain) {
        Map<String, Served> tracked = byBox.getOrDefault(switchname, Map.of()).get(domain);
        if (tracked == null) {
            return List.of();
        }
        dropExpired(tracked, System.currentTimeMillis());
        List<String> extensions = new ArrayList<>(tracked.keySet());
        if (extensions.isEmpty()) {
            return List.of();
        }
        List<String> values = redis.<String, String>opsForHash().multiGet(KEY + domain, extensions);
        List<CacheFlush> flushes = new ArrayList<>();
        for (int i = 0; i < extensions.size(); i++) {
            String extension = extensions.get(i);
            Served served = tracked.get(extension);
            if (served != null && (values.get(i) == null || Fingerprint.of(values.get(i)) != served.fingerprint())
                    && tracked.remove(extension, served)) {
                served.expiries().keySet().forEach(
                        name -> flushes.add(new CacheFlush(box, switchname, domain, extension, name, served, this)));
            }
        }
        return flushes;
    }

    /** Fit for a log line as it is: no line break or other control character. */
    private static boolean printable(String value) {
        return value.chars().noneMatch(Character::isISOControl);
    }

    /** Counted on every lookup served: loops, not a stream (allocations and, under C1, calls). */
    private int size() {
        int size = 0;
        for (Map<String, Map<String, Served>> byDomain : byBox.values()) {
            for (Map<String, Served> tracked : byDomain.values()) {
                size += tracked.size();
            }
        }
        return size;
    }

    private int dropExpired(long now) {
        byBox.values().forEach(byDomain -> byDomain.values().forEach(tracked -> dropExpired(tracked, now)));
        return size();
    }

    private static void dropExpired(Map<String, Served> tracked, long now) {
        tracked.replaceAll((extension, served) -> served.unexpired(now));
        tracked.values().removeIf(served -> served.expiries().isEmpty());
    }
}
