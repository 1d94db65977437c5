package org.cticamel.esl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.cticamel.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The captured FreeSWITCH 1.10.12 JSON stream, replayed by a scripted event socket, as Redis ends up holding it. */
class EslEventsTest extends EslTestSupport {

    private static final String STREAM = "esl-json.txt";

    private final List<String> published = Collections.synchronizedList(new ArrayList<>());
    private RedisClient subscriber;
    private StatefulRedisPubSubConnection<String, String> subscription;

    @BeforeAll
    void subscribe() {
        subscriber = RedisClient.create(redis.url());
        subscription = subscriber.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                published.add(message);
            }
        });
        subscription.sync().subscribe("registration-events");
    }

    @AfterAll
    void unsubscribe() {
        subscription.close();
        subscriber.shutdown();
    }

    /** Connected, every earlier event through (events land in order: a marker last proves it), Redis empty. */
    @BeforeEach
    void connectedIdleAndEmpty() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.commands.contains("bgapi sofia xmlstatus"));
        String register = body(ScriptedEslServer.eventFrames(STREAM, "sofia::register").get(0));
        peer.send(ScriptedEslServer.frame("json", register.replace("\"from-user\":\"1001\"", "\"from-user\":\"marker\"")));
        await().atMost(Duration.ofSeconds(30)).until(() -> List.copyOf(published).stream().anyMatch(json -> json.contains("\"marker\"")));
        redisTemplate().delete(List.of("registrations", "registration-log", "gateways", "gateway-log"));
        published.clear();
    }

    private static String body(byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        return text.substring(text.indexOf("\n\n") + 2);
    }

    private List<String> list(String key) {
        return redisTemplate().opsForList().range(key, 0, -1);
    }

    @Test
    void a_registering_phone_lands_in_the_registrations_hash_channel_and_list_with_every_header() throws Exception {
        byte[] register = ScriptedEslServer.eventFrames(STREAM, "sofia::register").get(0);

        peer.send(register);

        await().untilAsserted(() -> assertNotNull(hget("registrations", "1001")));
        Map<String, Object> stored = map(hget("registrations", "1001"));
        assertEquals(map(body(register)), stored);
        assertEquals("vm", stored.get("FreeSWITCH-Switchname"));
        assertEquals("3e605bb8-3642-4e98-8810-62dfb04db700", stored.get("Core-UUID"));
        assertEquals("\"\" <sip:1001@127.0.0.1:5062>", stored.get("contact"));
        await().untilAsserted(() -> assertEquals(1, published.size()));
        assertEquals(stored, map(published.get(0)));
        assertEquals(List.of(hget("registrations", "1001")), list("registration-log"));
    }

    @Test
    void unregister_and_expire_remove_the_registration_and_are_published_too() throws Exception {
        List<byte[]> registers = ScriptedEslServer.eventFrames(STREAM, "sofia::register");

        send(List.of(registers.get(0)));
        await().untilAsserted(() -> assertNotNull(hget("registrations", "1001")));
        send(ScriptedEslServer.eventFrames(STREAM, "sofia::unregister"));
        await().untilAsserted(() -> assertNull(hget("registrations", "1001")));

        send(List.of(registers.get(1)));
        await().untilAsserted(() -> assertEquals("15", map(hget("registrations", "1001")).get("expires")));
        send(ScriptedEslServer.eventFrames(STREAM, "sofia::expire"));
        await().untilAsserted(() -> assertNull(hget("registrations", "1001")));

        await().untilAsserted(() -> assertEquals(4, published.size()));
        List<Object> subclasses = List.copyOf(published).stream().map(json -> map(json).get("Event-Subclass")).toList();
        assertEquals(List.of("sofia::register", "sofia::unregister", "sofia::register", "sofia::expire"), subclasses);
        assertEquals(published, list("registration-log"));
    }

    @Test
    void an_unregister_seen_by_one_freeswitch_leaves_the_entry_another_freeswitch_wrote() throws Exception {
        redisTemplate().opsForHash().put("registrations", "1001", "{\"from-user\":\"1001\",\"FreeSWITCH-Switchname\":\"box2\"}");

        send(ScriptedEslServer.eventFrames(STREAM, "sofia::unregister"));

        await().untilAsserted(() -> assertEquals(1, list("registration-log").size()));
        assertEquals("box2", map(hget("registrations", "1001")).get("FreeSWITCH-Switchname"));
    }

    @Test
    void gateway_state_follows_the_stream_and_keeps_the_profile_name_from_gateway_add() throws Exception {
        List<byte[]> gatewayEvents = ScriptedEslServer.eventFrames(STREAM).stream()
                .filter(frame -> body(frame).contains("\"Event-Subclass\":\"sofia::gateway_")).toList();

        send(gatewayEvents);

        await().untilAsserted(() -> assertEquals(gatewayEvents.size(), list("gateway-log").size()));
        Map<String, Object> gateway = map(hget("gateways", "gw5090"));
        assertEquals("FAIL_WAIT", gateway.get("State"));
        assertEquals("DOWN", gateway.get("Ping-Status"));
        assertEquals("external", gateway.get("profile-name"));
        List<Map<String, Object>> log = list("gateway-log").stream().map(EslTestSupport::map).toList();
        assertEquals("sofia::gateway_delete", log.get(1).get("Event-Subclass"));
        assertEquals("sofia::gateway_add", log.get(2).get("Event-Subclass"));
        assertFalse(log.get(0).containsKey("profile-name"), "before gateway_add nobody knew the profile");
        assertEquals("TRYING", log.get(3).get("State"));
        assertEquals("external", log.get(3).get("profile-name"));
        assertEquals("503", log.get(4).get("Status"));
    }

    @Test
    void a_malformed_event_is_logged_and_the_events_after_it_still_land() throws Exception {
        try (LogCapture log = LogCapture.of(EslConsumer.class)) {
            peer.send(ScriptedEslServer.frame("json", "{\"Event-Name\": \"CUSTOM\", broken"));
            peer.send(ScriptedEslServer.eventFrames(STREAM, "sofia::register").get(0));

            await().untilAsserted(() -> assertNotNull(hget("registrations", "1001")));
            assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN ESL event skipped, malformed JSON event")),
                    log.lines().toString());
        }
    }

    @Test
    void a_paused_redis_does_not_stall_the_socket_reader_and_loses_nothing() throws Exception {
        String state = body(ScriptedEslServer.eventFrames(STREAM, "sofia::gateway_state").get(0));
        // ~20 MB: far more than the socket buffers hold, so FreeSWITCH's writes finish only if we keep reading
        List<byte[]> frames = IntStream.range(0, 20_000).mapToObj(i -> ScriptedEslServer.frame("json",
                state.replace("\"Gateway\":\"gw5090\"", "\"Gateway\":\"gw" + i + "\""))).toList();
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            long pausedUntil = System.nanoTime() + 8_000_000_000L;
            admin.sync().clientPause(8000);

            send(frames);

            long marginMillis = (pausedUntil - System.nanoTime()) / 1_000_000;
            assertTrue(marginMillis > 0, "FreeSWITCH's writes ended " + -marginMillis + " ms after Redis woke up");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(
                    () -> assertEquals(20_000L, redisTemplate().opsForHash().size("gateways")));
            assertEquals(20_000L, redisTemplate().opsForList().size("gateway-log"));
        } finally {
            client.shutdown();
        }
    }
}
