package org.cticamel.esl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The captured plain stream (URL-encoded headers) replayed whole: Redis ends up as FreeSWITCH's state was. */
class EslPlainStreamTest extends EslTestSupport {

    @Override
    protected String format() {
        return "plain";
    }

    @Test
    void the_whole_plain_capture_leaves_no_registration_and_the_gateway_failing_and_decodes_like_json() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> peer.commands.contains("bgapi sofia xmlstatus"));
        assertTrue(peer.commands.contains("event plain HEARTBEAT BACKGROUND_JOB CHANNEL_CREATE CHANNEL_ANSWER "
                + "CHANNEL_HANGUP_COMPLETE CUSTOM sofia::register sofia::unregister sofia::expire "
                + "sofia::gateway_add sofia::gateway_state sofia::gateway_delete"), peer.commands.toString());

        send(ScriptedEslServer.eventFrames("esl-plain.txt"));

        await().untilAsserted(() -> assertEquals(4L, redisTemplate().opsForList().size("registration-log")));
        await().untilAsserted(() -> assertEquals(14L, redisTemplate().opsForList().size("gateway-log")));
        assertEquals(0L, redisTemplate().opsForHash().size("registrations"), "1001 unregistered, then expired");
        Map<String, Object> gateway = map(hget("gateways", "gw5090"));
        assertEquals("FAIL_WAIT", gateway.get("State"));
        assertEquals("external", gateway.get("profile-name"));

        List<Map<String, Object>> log = redisTemplate().opsForList().range("registration-log", 0, -1).stream().map(EslTestSupport::map).toList();
        Map<String, Object> register = log.get(0);
        assertEquals("sofia::register", register.get("Event-Subclass"));
        assertEquals("\"\" <sip:1001@127.0.0.1:5062>", register.get("contact"));
        assertEquals("2026-11-23 16:24:01", register.get("Event-Date-Local"));
        assertEquals("fd00::2", register.get("FreeSWITCH-IPv6"));
        // the same kind of event in the JSON capture has exactly the same header names
        String json = new String(ScriptedEslServer.eventFrames("esl-json.txt", "sofia::register").get(0), StandardCharsets.UTF_8);
        assertEquals(map(json.substring(json.indexOf("\n\n") + 2)).keySet(), register.keySet());
        assertEquals(List.of("sofia::register", "sofia::unregister", "sofia::register", "sofia::expire"),
                log.stream().map(event -> event.get("Event-Subclass")).toList());
    }
}
