package org.cticamel.esl;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.LogCapture;
import org.cticamel.sofia.AppliedGateways;
import org.cticamel.state.FreeswitchBoxes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two FreeSWITCH boxes from cti.json's "freeswitch" list: a connection, subscription and resync each, and live
 * changes planned per box from what that box was given.
 */
class EslTwoBoxesTest extends TwoBoxesTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "pbx.example.com";
    private static final String GATEWAYS = "cti_gateway@" + DOMAIN;
    /** What each box was given, kept under its switchname; and the one hash all boxes shared before. */
    private static final String APPLIED_FS1 = "cti_gateway_applied@" + DOMAIN + "/fs1";
    private static final String APPLIED_FS2 = "cti_gateway_applied@" + DOMAIN + "/fs2-host";
    private static final String SHARED = "cti_gateway_applied@" + DOMAIN;
    /** The domain of the captured directory requests. */
    private static final String EXTENSIONS = "cti_exten@127.0.0.1";

    @Override
    protected Properties boxes(ScriptedEslServer fs1, ScriptedEslServer fs2) throws IOException {
        fs1.switchname = "fs1";
        fs2.switchname = "fs2-host"; // not its name in cti.json: its state is kept under what it answers as
        fs2.password = System.getenv("HOME"); // cti.json names it by reference: "${env:HOME}"
        Properties properties = ScriptedEslServer.boxesProperties("""
                {"gui": {"registration": {"hash": "registrations"}, "gateway": {"hash": "gateways"}, "call": {"hash": "calls"}},
                 "freeswitch": [
                   {"name": "fs1", "host": "127.0.0.1", "port": %d, "password": "ClueCon"},
                   {"name": "fs2", "host": "127.0.0.1", "port": %d, "password": "${env:HOME}"}]}
                """.formatted(fs1.port(), fs2.port()));
        properties.put("cti.domain", DOMAIN);
        properties.put("camel.component.esl.heartbeat-seconds", "1");
        return properties;
    }

    @BeforeEach
    void bothConnected() {
        fs2.password = System.getenv("HOME"); // a test that failed while fs2 was "down" does not leave it so
        await().atMost(Duration.ofSeconds(20)).until(() -> fs1.commands.contains("bgapi sofia xmlstatus")
                && fs2.commands.contains("bgapi sofia xmlstatus") && fs1.hasClient() && fs2.hasClient()
                && boxes().switchnames().equals(Map.of("fs1", "fs1", "fs2", "fs2-host")));
        redisTemplate().delete(List.of("registrations", GATEWAYS, SHARED, APPLIED_FS1, APPLIED_FS2, EXTENSIONS));
    }

    private FreeswitchBoxes boxes() {
        return context.getRegistry().lookupByNameAndType("freeswitchBoxes", FreeswitchBoxes.class);
    }

    /** The sofia and xml_flush_cache commands a box received since {@code from}. */
    private static List<String> liveCommands(ScriptedEslServer box, int from) {
        return box.commandsSince(from).stream()
                .filter(command -> command.startsWith("bgapi sofia profile") || command.startsWith("bgapi xml_flush_cache")).toList();
    }

    private static String gateway(String proxy) {
        return "{\"param\": {\"register\": \"false\", \"proxy\": \"" + proxy + "\"}}";
    }

    /** The applied record of a gateway as stored: {"profile": ..., "json": <the value>}. */
    private static String record(String json) throws IOException {
        return "{\"profile\":\"external\",\"json\":" + JSON.writeValueAsString(json) + "}";
    }

    private Map<String, Object> appliedOf(String key) {
        return Map.copyOf(redisTemplate().<String, Object>opsForHash().entries(key));
    }

    private static void registration(ScriptedEslServer box, String subclass, String user) throws IOException {
        box.send(box.event(Map.of("Event-Name", "CUSTOM", "Event-Subclass", subclass, "from-user", user, "from-host", DOMAIN,
                "profile-name", "internal"), null));
    }

    private String nodeOf(String extension) throws IOException {
        String json = redisTemplate().<String, String>opsForHash().get("registrations", extension);
        return json == null ? null : String.valueOf(JSON.readValue(json, new TypeReference<Map<String, Object>>() {
        }).get("FreeSWITCH-Switchname"));
    }

    @Test
    void one_box_drops_and_resyncs_while_the_other_boxs_entries_stay() throws Exception {
        registration(fs1, "sofia::register", "1001");
        registration(fs2, "sofia::register", "2002");
        await().untilAsserted(() -> assertEquals("fs1", nodeOf("1001")));
        await().untilAsserted(() -> assertEquals("fs2-host", nodeOf("2002")));
        int fs2Connections = fs2.connections.get();
        int fs1Commands = fs1.commands.size();
        int fs2Commands = fs2.commands.size();

        fs1.drop(); // 1001 went away meanwhile: fs1's resync finds nobody registered

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertNull(nodeOf("1001")));
        assertEquals("fs2-host", nodeOf("2002"), "the other box's entry stays");
        assertEquals(fs2Connections, fs2.connections.get(), "the other box's connection stays");
        assertEquals(List.of("auth ClueCon"), fs1.commandsSince(fs1Commands).subList(0, 1));
        assertEquals(List.of(), fs2.commandsSince(fs2Commands).stream().filter(c -> c.startsWith("bgapi show")).toList(),
                "no resync of the other box");
    }

    @Test
    void an_unregister_on_one_box_leaves_the_other_boxs_registration() throws Exception {
        registration(fs1, "sofia::register", "3003");
        await().untilAsserted(() -> assertEquals("fs1", nodeOf("3003")));
        registration(fs2, "sofia::register", "3003"); // the phone moved to fs2

        await().untilAsserted(() -> assertEquals("fs2-host", nodeOf("3003")));
        registration(fs1, "sofia::unregister", "3003"); // fs1 lets its old registration go
        registration(fs2, "sofia::register", "4004"); // behind it on fs2: once it is stored, fs1's unregister was applied
        await().untilAsserted(() -> assertEquals("fs2-host", nodeOf("4004")));
        // fs1's and fs2's events go through separate queues: wait for fs1's by its own marker
        registration(fs1, "sofia::register", "5005");
        await().untilAsserted(() -> assertEquals("fs1", nodeOf("5005")));

        assertEquals("fs2-host", nodeOf("3003"), "fs2's registration stays");
        registration(fs2, "sofia::unregister", "3003");
        await().untilAsserted(() -> assertNull(nodeOf("3003")));
    }

    @Test
    void a_gateway_edit_reaches_both_boxes_and_each_box_keeps_what_it_was_given() throws Exception {
        int fs1Commands = fs1.commands.size();
        int fs2Commands = fs2.commands.size();

        redisTemplate().opsForHash().put(GATEWAYS, "carrier", gateway("10.0.0.1"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(List.of("bgapi sofia profile external startgw carrier"), liveCommands(fs1, fs1Commands));
            assertEquals(List.of("bgapi sofia profile external startgw carrier"), liveCommands(fs2, fs2Commands));
        });
        // the bytes in Redis: one hash per box, field = gateway, value = what that box was given
        assertEquals(Map.of("carrier", record(gateway("10.0.0.1"))), appliedOf(APPLIED_FS1));
        assertEquals(Map.of("carrier", record(gateway("10.0.0.1"))), appliedOf(APPLIED_FS2));
        assertFalse(redisTemplate().hasKey(SHARED), "no state shared by the boxes");
    }

    @Test
    void a_change_one_box_could_not_take_is_sent_to_that_box_only_when_it_connects() throws Exception {
        String fs2Password = fs2.password;
        fs2.password = "not yet";
        int before = fs2.commands.size();
        fs2.drop();
        await().until(() -> fs2.commandsSince(before).contains("auth " + fs2Password)); // refused: fs2 is down
        int fs1Commands = fs1.commands.size();
        int fs2Commands = fs2.commands.size();

        try (LogCapture log = LogCapture.of("live-commands")) {
            redisTemplate().opsForHash().put("cti_gateway@" + DOMAIN, "carrier2", "{\"param\": {\"register\": \"false\", \"proxy\": \"10.0.0.2\"}}");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(List.of("bgapi sofia profile external startgw carrier2"),
                    fs1.commandsSince(fs1Commands).stream().filter(c -> c.contains("sofia profile")).toList()));
            await().untilAsserted(() -> assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN gateway carrier2@" + DOMAIN
                    + ": sofia profile external startgw carrier2 not sent, retried when FreeSWITCH connects")), log.lines().toString()));
        }
        assertEquals(Set.of("carrier2"), redisTemplate().opsForHash().keys(APPLIED_FS1), "fs1 took it");
        assertFalse(redisTemplate().hasKey(APPLIED_FS2), "fs2 did not: taken back in its state only");
        fs2.password = fs2Password;

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of("bgapi sofia profile external startgw carrier2"),
                liveCommands(fs2, fs2Commands)));
        assertEquals(Set.of("carrier2"), redisTemplate().opsForHash().keys(APPLIED_FS2));
        // fs2's resync planned from fs2's state: fs1 is not sent it again
        await().during(Duration.ofSeconds(1)).untilAsserted(() -> assertEquals(List.of("bgapi sofia profile external startgw carrier2"),
                liveCommands(fs1, fs1Commands)));
    }

    @Test
    void a_gateway_removed_while_one_box_is_down_is_killed_there_when_it_connects_and_only_there() throws Exception {
        redisTemplate().opsForHash().put(GATEWAYS, "carrier3", gateway("10.0.0.3"));
        await().until(() -> redisTemplate().hasKey(APPLIED_FS1) && redisTemplate().hasKey(APPLIED_FS2));
        String fs2Password = fs2.password;
        fs2.password = "not yet";
        int before = fs2.commands.size();
        fs2.drop();
        await().until(() -> fs2.commandsSince(before).contains("auth " + fs2Password));
        int fs1Commands = fs1.commands.size();
        int fs2Commands = fs2.commands.size();

        redisTemplate().opsForHash().delete(GATEWAYS, "carrier3");
        await().atMost(Duration.ofSeconds(5)).until(() -> liveCommands(fs1, fs1Commands).equals(List.of("bgapi sofia profile external killgw carrier3")));
        // fs1 deletes it: its record goes; fs2 still has it
        fs1.send(fs1.event(Map.of("Event-Name", "CUSTOM", "Event-Subclass", "sofia::gateway_delete", "profile-name", "external",
                "Gateway", "carrier3"), null));
        await().until(() -> !redisTemplate().hasKey(APPLIED_FS1));
        assertEquals(Map.of("carrier3", record(gateway("10.0.0.3"))), appliedOf(APPLIED_FS2));
        fs2.password = fs2Password;

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of("bgapi sofia profile external killgw carrier3"),
                liveCommands(fs2, fs2Commands)));
        await().during(Duration.ofSeconds(1)).untilAsserted(() -> assertEquals(List.of("bgapi sofia profile external killgw carrier3"),
                liveCommands(fs1, fs1Commands), "no second killgw on fs1"));
    }

    /** mod_xml_curl's form names the box (FreeSWITCH-Switchname): a box's sofia.conf answer is recorded as that box's. */
    @Test
    void what_a_box_was_served_by_sofia_conf_is_recorded_as_that_boxs_only() throws Exception {
        redisTemplate().opsForHash().put(GATEWAYS, "carrier4", gateway("10.0.0.4"));
        await().until(() -> redisTemplate().opsForHash().hasKey(APPLIED_FS1, "carrier4") && redisTemplate().opsForHash().hasKey(APPLIED_FS2, "carrier4"));
        String stale = record(gateway("10.0.0.99"));
        redisTemplate().opsForHash().put(APPLIED_FS1, "gone", stale);
        redisTemplate().opsForHash().put(APPLIED_FS2, "gone", stale);

        // fs2 restarted: at module load it is given the whole of sofia.conf
        postForXml(withField(withField(body("configuration-sofia.conf"), "FreeSWITCH-Switchname", "fs2-host"), "FreeSWITCH-IPv4", "192.0.2.2"));

        assertEquals(Map.of("carrier4", record(gateway("10.0.0.4"))), appliedOf(APPLIED_FS2));
        assertEquals(Map.of("carrier4", record(gateway("10.0.0.4")), "gone", stale), appliedOf(APPLIED_FS1), "fs1 was not asked");
    }

    /** A switchname that cannot name a hash of ours (here with a space) records nothing, with one line. */
    @Test
    void a_sofia_conf_request_from_a_switchname_that_names_no_box_records_nothing() throws Exception {
        redisTemplate().opsForHash().put(GATEWAYS, "carrier7", gateway("10.0.0.7"));
        try (LogCapture log = LogCapture.of(AppliedGateways.class)) {
            postForXml(withField(body("configuration-sofia.conf"), "FreeSWITCH-Switchname", "fs%201"));

            assertEquals(List.of("WARN sofia.conf for " + GATEWAYS + " asked with FreeSWITCH-Switchname (not a switchname): not a "
                    + "box's name (1-64 letters, digits, _ . -); what it was given is not recorded"), log.lines());
        }
        assertEquals(List.of(), redisTemplate().keys("cti_gateway_applied@" + DOMAIN + "/fs *").stream().toList());
    }

    @Test
    void a_cached_user_is_flushed_on_the_box_that_cached_it_only() throws Exception {
        redisTemplate().opsForHash().put(EXTENSIONS, "1001", "{\"param\": {\"password\": \"123\"}, \"attribute\": {\"cacheable\": \"60000\"}}");
        postForXml(withField(body("sip_auth-REGISTER"), "FreeSWITCH-Switchname", "fs1"));
        int fs1Commands = fs1.commands.size();
        int fs2Commands = fs2.commands.size();

        redisTemplate().opsForHash().put(EXTENSIONS, "1001", "{\"param\": {\"password\": \"456\"}, \"attribute\": {\"cacheable\": \"60000\"}}");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(List.of("bgapi xml_flush_cache id 1001 127.0.0.1"),
                liveCommands(fs1, fs1Commands)));
        await().during(Duration.ofMillis(500)).untilAsserted(() -> assertEquals(List.of(), liveCommands(fs2, fs2Commands)));
    }

    /**
     * Upgrade: the one hash every box shared before is what each was sent; each box starts from a copy of it, so
     * a gateway it has already is not started again, and the shared hash goes once both have their own.
     */
    @Test
    void the_state_all_boxes_shared_before_becomes_each_boxs_own() throws Exception {
        redisTemplate().opsForHash().put(SHARED, "carrier5", record(gateway("10.0.0.5")));
        int fs1Commands = fs1.commands.size();
        int fs2Commands = fs2.commands.size();

        redisTemplate().opsForHash().putAll(GATEWAYS, Map.of("carrier5", gateway("10.0.0.5"), "carrier6", gateway("10.0.0.6")));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(List.of("bgapi sofia profile external startgw carrier6"), liveCommands(fs1, fs1Commands));
            assertEquals(List.of("bgapi sofia profile external startgw carrier6"), liveCommands(fs2, fs2Commands));
        });
        Map<String, Object> both = Map.of("carrier5", record(gateway("10.0.0.5")), "carrier6", record(gateway("10.0.0.6")));
        assertEquals(both, appliedOf(APPLIED_FS1));
        assertEquals(both, appliedOf(APPLIED_FS2));
        assertFalse(redisTemplate().hasKey(SHARED));
    }
}
