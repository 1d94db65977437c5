package org.cticamel;

import java.time.Duration;
import java.util.Properties;

import org.cticamel.redis.EmbeddedRedis;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis goes away and comes back (restarted, empty, without keyspace notifications): FreeSWITCH is never kept waiting. */
class RedisOutageTest extends CtiTestSupport {

    private static final String KEY = "cti_exten@127.0.0.1";

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.put("cti.redis.timeout-ms", "300");
        p.put("cti.redis.notifications-check-ms", "500");
        return p;
    }

    private String lookup(String user) {
        return withField(withField(body("sip_auth-REGISTER"), "user", user), "sip_auth_username", user);
    }

    @Test
    void lookups_answer_not_found_quickly_while_redis_is_down_and_recover_when_it_is_back() throws Exception {
        redisTemplate().opsForHash().put(KEY, "1001", "{\"param\":{\"password\":\"1234\"},\"attribute\":{\"number-alias\":\"desk\"}}");
        // a fresh Redis announces the HSET only once the service has turned notifications on (first check)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals("1001", xpath(postForXml(lookup("desk")), "//user/@id")));
        int port = redis.port();

        try (LogCapture log = LogCapture.of("xml-curl")) {
            redis.stop();
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                assertTrue(isNotFound(postForXml(body("sip_auth-REGISTER"))));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(millis < 1500, "answered in " + millis + " ms");
            }
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains("cti_exten@127.0.0.1 1001")),
                    log.lines().toString());
        }

        redis = EmbeddedRedis.start(port); // a fresh, empty Redis without keyspace notifications
        assertEquals(port, redis.port());
        redisTemplateWhenUp().opsForHash().put(KEY, "1001", "{\"param\":{\"password\":\"1234\"},\"attribute\":{\"number-alias\":\"desk\"}}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertEquals("1234", xpath(postForXml(body("sip_auth-REGISTER")), "//param[@name='password']/@value")));
        // the alias hash went with the old Redis: indexed again once notifications are back on
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals("1001", xpath(postForXml(lookup("desk")), "//user/@id")));

        // notifications re-enabled and the subscription restored: an alias change is seen again
        redisTemplate().opsForHash().put(KEY, "1001", "{\"param\":{\"password\":\"1234\"},\"attribute\":{\"number-alias\":\"hall\"}}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertEquals("1001", xpath(postForXml(lookup("hall")), "//user/@id")));
    }

    /** The service's connection reconnects on its own; until it has, a write from the test may be rejected. */
    private org.springframework.data.redis.core.StringRedisTemplate redisTemplateWhenUp() {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "PONG".equals(
                redisTemplate().execute((org.springframework.data.redis.core.RedisCallback<String>) c -> c.ping())));
        return redisTemplate();
    }
}
