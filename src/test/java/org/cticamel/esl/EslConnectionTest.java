package org.cticamel.esl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cticamel.LogCapture;
import org.cticamel.esl.protocol.EslClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection's life: wrong password, a peer that drops or falls silent; each time it comes back and resyncs. */
class EslConnectionTest extends EslTestSupport {

    private static final String SUBSCRIPTION = "event json HEARTBEAT BACKGROUND_JOB CHANNEL_CREATE CHANNEL_ANSWER "
            + "CHANNEL_HANGUP_COMPLETE CUSTOM sofia::register sofia::unregister sofia::expire "
            + "sofia::gateway_add sofia::gateway_state sofia::gateway_delete";
    private static final List<String> HANDSHAKE_AND_RESYNC = List.of("auth ClueCon", SUBSCRIPTION,
            "bgapi show registrations as json", "bgapi sofia xmlstatus", "bgapi show channels as json");

    @BeforeEach
    void connected() {
        peer.password = "ClueCon";
        peer.heartbeats = true;
        await().atMost(Duration.ofSeconds(20)).until(() -> peer.commands.contains("bgapi sofia xmlstatus"));
    }

    private Map<String, Object> eslHealth() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/observe/health?data=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) map(response.body()).get("checks");
        return checks.stream().filter(check -> "esl:freeswitch".equals(check.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no esl check in " + response.body()));
    }

    @SuppressWarnings("unchecked")
    private static Object detail(Map<String, Object> check, String name) {
        return ((Map<String, Object>) check.get("data")).get(name);
    }

    @Test
    void the_peer_dropping_mid_stream_brings_reconnect_reauth_resubscribe_and_a_resync_that_spares_other_nodes() throws Exception {
        peer.send(ScriptedEslServer.eventFrames("esl-json.txt", "sofia::register").get(0));
        await().untilAsserted(() -> assertNotNull(hget("registrations", "1001")));
        // what this node wrote before its connection dropped, and what another FreeSWITCH wrote
        redisTemplate().opsForHash().put("registrations", "2002", "{\"from-user\":\"2002\",\"FreeSWITCH-Switchname\":\"vm\"}");
        redisTemplate().opsForHash().put("registrations", "3003", "{\"from-user\":\"3003\",\"FreeSWITCH-Switchname\":\"box2\"}");
        redisTemplate().opsForHash().put("gateways", "gone", "{\"Gateway\":\"gone\",\"FreeSWITCH-Switchname\":\"vm\"}");
        // what FreeSWITCH reports once we are back: 1001 still registered, 4004 registered meanwhile, gw5090 up
        peer.jobOutputs.put("show registrations as json", """
                {"row_count":2,"rows":[
                {"reg_user":"1001","realm":"127.0.0.1","token":"1-30717@127.0.0.1","url":"sofia/internal/sip:1001@127.0.0.1:5062","expires":"1795451249","network_ip":"127.0.0.1","network_port":"5062","network_proto":"udp","hostname":"vm","metadata":""},
                {"reg_user":"4004","realm":"127.0.0.1","token":"abc@127.0.0.1","url":"sofia/internal/sip:4004@127.0.0.1:5070","expires":"1795451300","network_ip":"127.0.0.1","network_port":"5070","network_proto":"udp","hostname":"vm","metadata":""}]}
                """);
        peer.jobOutputs.put("sofia xmlstatus", """
                <?xml version="1.0" encoding="ISO-8859-1"?>
                <profiles>
                <profile>
                <name>external</name>
                <type>profile</type>
                <data>sip:mod_sofia@127.0.0.1:5080</data>
                <state>RUNNING (0)</state>
                </profile>
                <gateway>
                <name>gw5090</name>
                <type>gateway</type>
                <data>sip:gw5090@127.0.0.1:5090</data>
                <state>REGED</state>
                </gateway>
                </profiles>
                """);
        int before = peer.commands.size();
        int connections = peer.connections.get();

        peer.drop();

        await().atMost(Duration.ofSeconds(10)).until(() -> peer.commandsSince(before).size() >= 5);
        assertEquals(HANDSHAKE_AND_RESYNC, peer.commandsSince(before).subList(0, 5));
        assertEquals(connections + 1, peer.connections.get());
        await().untilAsserted(() -> assertNull(hget("registrations", "2002")));
        assertEquals("box2", map(hget("registrations", "3003")).get("FreeSWITCH-Switchname"), "another node's entry stays");
        assertEquals("sofia::register", map(hget("registrations", "1001")).get("Event-Subclass"), "the richer event stays");
        Map<String, Object> added = map(hget("registrations", "4004"));
        assertEquals("cti::resync", added.get("Event-Subclass"));
        assertEquals("vm", added.get("FreeSWITCH-Switchname"));
        assertEquals("127.0.0.1", added.get("from-host"));
        await().untilAsserted(() -> assertNull(hget("gateways", "gone")));
        Map<String, Object> gateway = map(hget("gateways", "gw5090"));
        assertEquals("REGED", gateway.get("State"));
        assertEquals("external", gateway.get("profile-name"));
        Map<String, Object> health = eslHealth();
        assertEquals("UP", health.get("status"));
        assertTrue(((Number) detail(health, "esl.reconnects")).intValue() >= 1, health.toString());
    }

    @Test
    void a_wrong_password_is_logged_clearly_and_retried_until_it_is_right() throws Exception {
        try (LogCapture log = LogCapture.of(EslClient.class)) {
            peer.password = "changed-on-the-switch";
            int before = peer.commands.size();

            peer.drop();

            await().atMost(Duration.ofSeconds(10)).until(() -> peer.commandsSince(before).stream().filter("auth ClueCon"::equals).count() >= 3);
            assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN ESL 127.0.0.1:" + peer.port()
                    + ": authentication refused (-ERR invalid): check the password (CTI_ESL_PASSWORD, or cti.json freeswitch[].password)")), log.lines().toString());
            Map<String, Object> down = eslHealth();
            assertEquals("DOWN", down.get("status"));
            assertEquals(false, detail(down, "esl.connected"));

            int fixed = peer.commands.size();
            peer.password = "ClueCon";
            await().atMost(Duration.ofSeconds(10)).until(() -> peer.commandsSince(fixed).contains("bgapi sofia xmlstatus"));
            await().untilAsserted(() -> assertEquals("UP", eslHealth().get("status")));
        }
    }

    @Test
    void a_peer_silent_for_three_heartbeat_intervals_is_taken_for_dead_and_replaced() throws Exception {
        try (LogCapture log = LogCapture.of(EslClient.class)) {
            int connections = peer.connections.get();

            peer.heartbeats = false;

            await().atMost(Duration.ofSeconds(10)).until(() -> peer.connections.get() > connections);
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("nothing from FreeSWITCH for 3 HEARTBEAT intervals of 1 s")),
                    log.lines().toString());
        }
    }
}
