package org.cticamel.esl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.CtiTestSupport;
import org.cticamel.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two FreeSWITCH boxes from cti.json's "freeswitch" list: a connection, subscription and resync each. */
class EslTwoBoxesTest extends CtiTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "pbx.example.com";
    private ScriptedEslServer fs1;
    private ScriptedEslServer fs2;

    @Override
    protected Properties extraProperties() {
        try {
            fs1 = new ScriptedEslServer("json");
            fs1.switchname = "fs1";
            fs2 = new ScriptedEslServer("json");
            fs2.switchname = "fs2";
            fs2.password = System.getenv("HOME"); // cti.json names it by reference: "${env:HOME}"
            Path config = Files.createTempFile("cti-two-boxes", ".json");
            Files.writeString(config, """
                    {"gui": {"registration": {"hash": "registrations"}, "gateway": {"hash": "gateways"}, "call": {"hash": "calls"}},
                     "freeswitch": [
                       {"name": "fs1", "host": "127.0.0.1", "port": %d, "password": "ClueCon"},
                       {"name": "fs2", "host": "127.0.0.1", "port": %d, "password": "${env:HOME}"}]}
                    """.formatted(fs1.port(), fs2.port()));
            config.toFile().deleteOnExit();
            Properties properties = new Properties();
            properties.put("cti.config", config.toString());
            properties.put("cti.domain", DOMAIN);
            properties.put("camel.component.esl.port", "1"); // the CTI_ESL_* box is not used: nothing may connect there
            properties.put("camel.component.esl.reconnect-min-ms", "50");
            properties.put("camel.component.esl.reconnect-max-ms", "400");
            properties.put("camel.component.esl.heartbeat-seconds", "1");
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopBoxes() throws IOException {
        fs1.close();
        fs2.close();
    }

    @BeforeEach
    void bothConnected() {
        await().atMost(Duration.ofSeconds(20)).until(() -> fs1.commands.contains("bgapi sofia xmlstatus")
                && fs2.commands.contains("bgapi sofia xmlstatus"));
        redisTemplate().delete(List.of("registrations", "cti_gateway@" + DOMAIN, "cti_gateway_applied@" + DOMAIN));
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
        await().untilAsserted(() -> assertEquals("fs2", nodeOf("2002")));
        int fs2Connections = fs2.connections.get();
        int fs1Commands = fs1.commands.size();
        int fs2Commands = fs2.commands.size();

        fs1.drop(); // 1001 went away meanwhile: fs1's resync finds nobody registered

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertNull(nodeOf("1001")));
        assertEquals("fs2", nodeOf("2002"), "the other box's entry stays");
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

        await().untilAsserted(() -> assertEquals("fs2", nodeOf("3003")));
        registration(fs1, "sofia::unregister", "3003"); // fs1 lets its old registration go
        registration(fs2, "sofia::register", "4004"); // behind it on fs2: once it is stored, fs1's unregister was applied
        await().untilAsserted(() -> assertEquals("fs2", nodeOf("4004")));
        // fs1's and fs2's events go through separate queues: wait for fs1's by its own marker
        registration(fs1, "sofia::register", "5005");
        await().untilAsserted(() -> assertEquals("fs1", nodeOf("5005")));

        assertEquals("fs2", nodeOf("3003"), "fs2's registration stays");
        registration(fs2, "sofia::unregister", "3003");
        await().untilAsserted(() -> assertNull(nodeOf("3003")));
    }

    @Test
    void a_gateway_edit_reaches_both_boxes() {
        int fs1Commands = fs1.commands.size();
        int fs2Commands = fs2.commands.size();

        redisTemplate().opsForHash().put("cti_gateway@" + DOMAIN, "carrier", "{\"param\": {\"register\": \"false\", \"proxy\": \"10.0.0.1\"}}");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(List.of("bgapi sofia profile external startgw carrier"),
                    fs1.commandsSince(fs1Commands).stream().filter(c -> c.contains("sofia profile")).toList());
            assertEquals(List.of("bgapi sofia profile external startgw carrier"),
                    fs2.commandsSince(fs2Commands).stream().filter(c -> c.contains("sofia profile")).toList());
        });
    }

    @Test
    void a_change_one_box_could_not_take_is_sent_again_when_it_connects() throws Exception {
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
        fs2.password = fs2Password;

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of("bgapi sofia profile external startgw carrier2"),
                fs2.commandsSince(fs2Commands).stream().filter(c -> c.contains("sofia profile")).toList()));
    }
}
