package org.cticamel.esl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.cticamel.LogCapture;
import org.cticamel.redis.EmbeddedRedis;
import org.cticamel.state.RedisStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis goes away while FreeSWITCH events arrive (they cannot be written and are lost), then answers again:
 * one resync from FreeSWITCH, without any ESL reconnect, makes the hash what FreeSWITCH reports.
 */
class EslRedisOutageTest extends EslTestSupport {

    private static final String STREAM = "esl-json.txt";
    private static final String SHOW = "bgapi show registrations as json";

    @BeforeEach
    void connectedAndResynced() {
        await().atMost(Duration.ofSeconds(20)).until(() -> peer.commands.contains("bgapi sofia xmlstatus"));
    }

    private long resyncs() {
        return peer.commands.stream().filter(SHOW::equals).count();
    }

    /** One resync more than before, and no other for a while: not one per failed write or per probe. */
    private void awaitExactlyOneResyncAfter(long before) {
        await().atMost(Duration.ofSeconds(20)).during(Duration.ofMillis(1500)).until(() -> resyncs() == before + 1);
    }

    private static byte[] register(String extension) throws Exception {
        String frame = new String(ScriptedEslServer.eventFrames(STREAM, "sofia::register").get(0), StandardCharsets.UTF_8);
        String body = frame.substring(frame.indexOf("\n\n") + 2);
        return ScriptedEslServer.frame("json", body.replace("\"from-user\":\"1001\"", "\"from-user\":\"" + extension + "\""));
    }

    private static String row(String extension, int port) {
        return row(extension, port, extension + "@127.0.0.1");
    }

    /** A row of show registrations; the token is the REGISTER's Call-ID, an event's call-id. */
    private static String row(String extension, int port, String token) {
        return "{\"reg_user\":\"" + extension + "\",\"realm\":\"127.0.0.1\",\"token\":\"" + token + "\","
                + "\"url\":\"sofia/internal/sip:" + extension + "@127.0.0.1:" + port + "\",\"expires\":\"1795451249\","
                + "\"network_ip\":\"127.0.0.1\",\"network_port\":\"" + port + "\",\"network_proto\":\"udp\",\"hostname\":\"vm\",\"metadata\":\"\"}";
    }

    private Set<Object> registered() {
        return redisTemplate().opsForHash().keys("registrations");
    }

    @Test
    void events_lost_while_redis_is_down_are_made_good_by_one_resync_once_redis_is_back() throws Exception {
        peer.send(register("1001"));
        await().untilAsserted(() -> assertNotNull(hget("registrations", "1001")));
        // FreeSWITCH by the time Redis is back: 1001 gone, 1002 and 1003 registered
        peer.jobOutputs.put("show registrations as json",
                "{\"row_count\":2,\"rows\":[" + row("1002", 5070) + "," + row("1003", 5072) + "]}");
        long before = resyncs();
        int port = redis.port();

        try (LogCapture log = LogCapture.of(RedisStores.class)) {
            redis.stop();
            peer.send(register("1002"));
            peer.send(ScriptedEslServer.eventFrames(STREAM, "sofia::unregister").get(0)); // 1001
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream().anyMatch(
                    line -> line.startsWith("WARN Redis ") && line.contains("failed writes so far; a resync follows once Redis answers")));
        }
        assertEquals(before, resyncs(), "no resync while Redis is down");

        redis = EmbeddedRedis.start(port); // back, and empty
        assertEquals(port, redis.port());

        awaitExactlyOneResyncAfter(before);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertEquals(Set.of("1002", "1003"), registered()));
        Map<String, Object> entry = map(hget("registrations", "1003"));
        assertEquals("cti::resync", entry.get("Event-Subclass"));
        assertEquals("sofia/internal/sip:1003@127.0.0.1:5072", entry.get("contact"));
        assertEquals("vm", entry.get("FreeSWITCH-Switchname"));
        assertEquals(1, peer.connections.get(), "the event socket stayed connected");
    }

    @Test
    void a_dropped_sinks_connection_brings_one_resync_that_removes_what_freeswitch_no_longer_has() throws Exception {
        peer.send(register("1001"));
        await().untilAsserted(() -> assertNotNull(hget("registrations", "1001")));
        redisTemplate().opsForHash().put("registrations", "2002", "{\"from-user\":\"2002\",\"FreeSWITCH-Switchname\":\"vm\"}");
        redisTemplate().opsForHash().put("registrations", "3003", "{\"from-user\":\"3003\",\"FreeSWITCH-Switchname\":\"box2\"}");
        peer.jobOutputs.put("show registrations as json",
                "{\"row_count\":2,\"rows\":[" + row("1001", 5062, "1-30717@127.0.0.1") + "," + row("4004", 5070) + "]}");
        long before = resyncs();

        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            assertTrue(admin.sync().clientKill(KillArgs.Builder.typeNormal()) >= 1); // every client connection but this one
        } finally {
            client.shutdown();
        }

        awaitExactlyOneResyncAfter(before);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(
                () -> assertEquals(Set.of("1001", "3003", "4004"), registered()));
        assertEquals("sofia::register", map(hget("registrations", "1001")).get("Event-Subclass"), "the richer event stays");
        assertEquals("box2", map(hget("registrations", "3003")).get("FreeSWITCH-Switchname"), "another node's entry stays");
        assertEquals("cti::resync", map(hget("registrations", "4004")).get("Event-Subclass"));
    }
}
