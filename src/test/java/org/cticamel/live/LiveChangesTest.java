package org.cticamel.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.cticamel.esl.EslTestSupport;
import org.cticamel.LogCapture;
import org.cticamel.redis.HashValue;
import org.cticamel.sofia.GatewayChanges;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edits of cti_gateway@ and cti_exten@ with plain hash commands reach a scripted FreeSWITCH event socket as bgapi commands. */
class LiveChangesTest extends EslTestSupport {

    private static final String DOMAIN = "pbx.example.com";
    private static final String GATEWAYS = "cti_gateway@" + DOMAIN;
    private static final String APPLIED = "cti_gateway_applied@" + DOMAIN;
    /** The domain of the captured directory requests. */
    private static final String EXTENSIONS = "cti_exten@127.0.0.1";
    private static final long DELETE_WAIT_MS = 2000;

    private int from;

    @Override
    protected Properties extraProperties() {
        Properties properties = super.extraProperties();
        properties.put("cti.domain", DOMAIN);
        properties.put("cti.live.gateway-delete-wait-ms", String.valueOf(DELETE_WAIT_MS));
        return properties;
    }

    @BeforeEach
    void connectedAndEmpty() {
        peer.password = "ClueCon";
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.hasClient() && peer.commands.contains("bgapi sofia xmlstatus"));
        redisTemplate().delete(List.of(APPLIED, GATEWAYS, EXTENSIONS));
        from = peer.commands.size();
    }

    private static String gateway(String proxy) {
        return "{\"param\": {\"register\": \"false\", \"proxy\": \"" + proxy + "\"}}";
    }

    /** The sofia and xml_flush_cache commands FreeSWITCH received since the test began. */
    private List<String> applied() {
        return peer.commandsSince(from).stream()
                .filter(command -> command.startsWith("bgapi sofia profile") || command.startsWith("bgapi xml_flush_cache")).toList();
    }

    private void awaitApplied(String... commands) {
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals(List.of(commands), applied()));
    }

    /** Stays so past the moment the fallback start could come. */
    private void stillOnly(String... commands) {
        await().during(Duration.ofMillis(DELETE_WAIT_MS + 500)).atMost(Duration.ofMillis(DELETE_WAIT_MS + 3000))
                .untilAsserted(() -> assertEquals(List.of(commands), applied()));
    }

    private void gatewayDeleted(String profile, String name) throws Exception {
        peer.send(peer.event(Map.of("Event-Name", "CUSTOM", "Event-Subclass", "sofia::gateway_delete", "profile-name", profile,
                "Gateway", name), null));
    }

    private void hset(String key, String field, String value) {
        redisTemplate().opsForHash().put(key, field, value);
    }

    private void startedCarrier() {
        hset(GATEWAYS, "carrier", gateway("10.0.0.1"));
        awaitApplied("bgapi sofia profile external startgw carrier");
        from = peer.commands.size();
    }

    @Test
    void a_new_gateway_is_started_and_a_removed_one_killed() throws Exception {
        hset(GATEWAYS, "carrier", gateway("10.0.0.1"));
        hset(GATEWAYS, "bad name!", gateway("10.0.0.2"));
        awaitApplied("bgapi sofia profile external startgw carrier");

        redisTemplate().opsForHash().delete(GATEWAYS, "carrier");
        awaitApplied("bgapi sofia profile external startgw carrier", "bgapi sofia profile external killgw carrier");
        gatewayDeleted("external", "carrier");
        await().untilAsserted(() -> assertNull(redisTemplate().opsForHash().get(APPLIED, "carrier")));
        stillOnly("bgapi sofia profile external startgw carrier", "bgapi sofia profile external killgw carrier");
    }

    /** Issue 10: a profile with line breaks made the event socket run {@code api system ...}. */
    @Test
    void a_gateway_whose_profile_the_template_does_not_render_is_left_out_and_no_command_of_it_is_sent() throws Exception {
        try (LogCapture log = LogCapture.of(HashValue.class)) {
            hset(GATEWAYS, "gw1", "{\"param\":{\"register\":\"false\",\"proxy\":\"10.0.0.1\"},"
                    + "\"profile\":\"external\\n\\napi system touch /tmp/pwned\\n\\nbgapi status\"}");
            hset(GATEWAYS, "gw2", "{\"param\":{\"register\":\"false\",\"proxy\":\"10.0.0.2\"},\"profile\":\"externall\"}");
            hset(GATEWAYS, "carrier", gateway("10.0.0.3"));

            awaitApplied("bgapi sofia profile external startgw carrier");
            assertEquals(List.of(), peer.commandsSince(from).stream()
                    .filter(command -> command.contains("gw1") || command.contains("gw2") || command.contains("system")
                            || command.equals("bgapi status")).toList());
            assertEquals(Set.of("carrier"), redisTemplate().opsForHash().keys(APPLIED));
            Document sofiaConf = postForXml(body("configuration-sofia.conf"));
            assertEquals("carrier", xpath(sofiaConf, "//gateway/@name"));
            assertEquals("1", xpath(sofiaConf, "count(//gateway)"));
            // each reported, in either order: one pass may read both
            assertEquals(List.of(
                    "WARN Redis " + GATEWAYS + " field 'gw1' has profile (not a profile name), which templates/sofia.conf.ftl "
                            + "does not render (it renders external, internal); gateway left out",
                    "WARN Redis " + GATEWAYS + " field 'gw2' has profile 'externall', which templates/sofia.conf.ftl "
                            + "does not render (it renders external, internal); gateway left out"),
                    log.lines().stream().filter(line -> line.contains("profile")).distinct().sorted().toList());
        }
    }

    /** What is read back from the applied hash is checked too: a record written by someone else is no way in. */
    @Test
    void an_applied_record_with_an_unusable_profile_sends_no_command() throws Exception {
        try (LogCapture log = LogCapture.of(GatewayChanges.class)) {
            hset(APPLIED, "gw3", "{\"profile\":\"external status\\n\\napi system touch /tmp/pwned\",\"json\":\"{}\"}");
            hset(GATEWAYS, "carrier", gateway("10.0.0.3"));

            awaitApplied("bgapi sofia profile external startgw carrier");
            assertEquals(List.of(), peer.commandsSince(from).stream().filter(command -> command.contains("gw3")
                    || command.contains("system")).toList());
            assertEquals(List.of("WARN Redis " + APPLIED + " field 'gw3': the gateway name or its profile cannot stand in a sofia "
                    + "command (letters, digits, _ . - only); killgw not sent"), log.lines());
        }
    }

    @Test
    void a_changed_gateway_is_killed_and_started_again_only_once_freeswitch_has_deleted_it() throws Exception {
        startedCarrier();

        hset(GATEWAYS, "carrier", "{\"profile\": \"internal\", \"param\": {\"register\": \"false\", \"proxy\": \"10.0.0.9\"}}");
        awaitApplied("bgapi sofia profile external killgw carrier");
        await().during(Duration.ofMillis(500)).untilAsserted(() -> assertEquals(List.of("bgapi sofia profile external killgw carrier"),
                applied(), "FreeSWITCH would ignore a startgw while the killed gateway is still in its hash"));
        gatewayDeleted("external", "carrier");

        awaitApplied("bgapi sofia profile external killgw carrier", "bgapi sofia profile internal startgw carrier");
        stillOnly("bgapi sofia profile external killgw carrier", "bgapi sofia profile internal startgw carrier");
    }

    @Test
    void a_burst_of_edits_of_one_gateway_kills_it_once() throws Exception {
        startedCarrier();

        hset(GATEWAYS, "carrier", gateway("10.0.0.2"));
        awaitApplied("bgapi sofia profile external killgw carrier");
        for (String proxy : new String[] {"10.0.0.3", "10.0.0.4"}) {
            hset(GATEWAYS, "carrier", gateway(proxy));
            await().until(() -> redisTemplate().<String, String>opsForHash().get(APPLIED, "carrier").contains(proxy));
        }
        assertEquals(List.of("bgapi sofia profile external killgw carrier"), applied());
        gatewayDeleted("external", "carrier");

        stillOnly("bgapi sofia profile external killgw carrier", "bgapi sofia profile external startgw carrier");
    }

    @Test
    void without_a_delete_event_the_changed_gateway_is_started_after_the_wait() throws Exception {
        startedCarrier();

        hset(GATEWAYS, "carrier", gateway("10.0.0.2"));

        awaitApplied("bgapi sofia profile external killgw carrier");
        await().atMost(Duration.ofMillis(DELETE_WAIT_MS + 2000)).untilAsserted(() -> assertEquals(
                List.of("bgapi sofia profile external killgw carrier", "bgapi sofia profile external startgw carrier"), applied()));
    }

    @Test
    void what_sofia_conf_served_at_module_load_is_what_freeswitch_has() throws Exception {
        startedCarrier();
        hset(APPLIED, "gone", "{\"profile\": \"external\", \"json\": \"{}\"}");

        postForXml(body("configuration-sofia.conf"));

        assertEquals(Set.of("carrier"), redisTemplate().opsForHash().keys(APPLIED));
        assertEquals(Map.of("profile", "external", "json", gateway("10.0.0.1")),
                map(redisTemplate().<String, String>opsForHash().get(APPLIED, "carrier")));
    }

    @Test
    void a_rescan_records_only_gateways_freeswitch_did_not_have_since_it_keeps_the_others_as_they_were() throws Exception {
        startedCarrier();
        String old = "{\"profile\":\"external\",\"json\":\"" + gateway("10.0.0.0").replace("\"", "\\\"") + "\"}";
        hset(APPLIED, "carrier", old);

        postForXml(body("configuration-sofia.conf-external-rescan"));

        assertEquals(old, redisTemplate().opsForHash().get(APPLIED, "carrier"), "FreeSWITCH ignored the duplicate: it still has the old one");
    }

    @Test
    void a_changed_cached_extension_is_flushed_by_every_name_freeswitch_asked_for_it() throws Exception {
        String cached = "{\"param\": {\"password\": \"123\"}, \"attribute\": {\"cacheable\": \"60000\", \"number-alias\": \"myphone\"}}";
        String other = "{\"param\": {\"password\": \"123\"}, \"attribute\": {\"cacheable\": \"60000\"}}";
        hset(EXTENSIONS, "1001", cached);
        hset(EXTENSIONS, "1002", "{\"param\": {\"password\": \"123\"}}");
        hset(EXTENSIONS, "1004", other);
        postForXml(lookup("1001"));
        postForXml(lookup("myphone"));
        postForXml(lookup("1002"));
        postForXml(lookup("1004"));

        // 1001 written again unchanged: nothing to flush; 1004 changed after it (announced in that order)
        hset(EXTENSIONS, "1001", cached);
        hset(EXTENSIONS, "1004", other.replace("123", "456"));
        await().atMost(Duration.ofSeconds(2)).until(() -> !applied().isEmpty());
        assertEquals(List.of("bgapi xml_flush_cache id 1004 127.0.0.1"), applied(), "only the changed one");

        redisTemplate().opsForHash().putAll(EXTENSIONS, Map.of("1001", cached.replace("123", "456"),
                "1002", "{\"param\": {\"password\": \"456\"}}", "1003", "{\"param\": {\"password\": \"456\"}}"));

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals(
                Set.of("bgapi xml_flush_cache id 1001 127.0.0.1", "bgapi xml_flush_cache id myphone 127.0.0.1"),
                Set.copyOf(applied().subList(1, applied().size()))));
        assertEquals(3, applied().size(), "one flush per name: " + applied());

        hset(EXTENSIONS, "1001", cached);
        redisTemplate().opsForHash().delete(EXTENSIONS, "1002");
        postForXml(lookup("1001"));
        redisTemplate().opsForHash().delete(EXTENSIONS, "1001");
        await().atMost(Duration.ofSeconds(2)).until(() -> applied().size() == 4);
        assertEquals("bgapi xml_flush_cache id 1001 127.0.0.1", applied().get(3), "deleted: flushed, by the name it was asked");
    }

    /** A name with a space would shift xml_flush_cache's arguments: such a user is served but not tracked. */
    @Test
    void a_cached_user_whose_name_cannot_stand_in_a_command_is_not_flushed_by_it() throws Exception {
        String cached = "{\"param\": {\"password\": \"123\"}, \"attribute\": {\"cacheable\": \"60000\"}}";
        hset(EXTENSIONS, "10 01", cached);
        hset(EXTENSIONS, "1001", cached);
        try (LogCapture log = LogCapture.of(org.cticamel.directory.CachedUsers.class)) {
            assertEquals("10 01", xpath(postForXml(lookup("10%2001")), "//user/@id"));
            postForXml(lookup("1001"));

            redisTemplate().opsForHash().putAll(EXTENSIONS, Map.of("10 01", cached.replace("123", "456"), "1001", cached.replace("123", "456")));

            awaitApplied("bgapi xml_flush_cache id 1001 127.0.0.1");
            assertEquals(List.of("WARN Redis cti_exten@127.0.0.1 field '10 01': asked for by a name or domain with a space or "
                    + "control character; not flushed from FreeSWITCH's cache when it changes"), log.lines());
        }
    }

    @Test
    void changes_made_while_the_event_socket_was_down_are_applied_when_it_connects() throws Exception {
        String cached = "{\"param\": {\"password\": \"123\"}, \"attribute\": {\"cacheable\": \"true\"}}";
        hset(EXTENSIONS, "1001", cached);
        postForXml(lookup("1001"));
        peer.password = "not yet";
        peer.drop();
        await().until(() -> peer.commandsSince(from).stream().anyMatch(command -> command.equals("auth ClueCon")));

        try (LogCapture log = LogCapture.of("live-commands")) {
            hset(GATEWAYS, "carrier", gateway("10.0.0.1"));
            hset(EXTENSIONS, "1001", cached.replace("123", "456"));
            await().untilAsserted(() -> assertEquals(2, log.lines().stream().filter(line -> line.startsWith("WARN")
                    && line.contains("not sent, retried when FreeSWITCH connects")).count(), log.lines().toString()));
        }
        assertEquals(List.of(), applied());
        int down = peer.commands.size();
        peer.password = "ClueCon";

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(
                Set.of("bgapi sofia profile external startgw carrier", "bgapi xml_flush_cache id 1001 127.0.0.1"), Set.copyOf(applied())));
        assertTrue(peer.commandsSince(down).indexOf("auth ClueCon") < peer.commandsSince(down).indexOf("bgapi sofia profile external startgw carrier"));
        stillOnly(applied().toArray(String[]::new));
        // one box, no list: its state needs no name, so it is not asked for one (the format of before)
        assertFalse(peer.commands.contains("bgapi switchname"));
        assertEquals(Set.of("carrier"), redisTemplate().opsForHash().keys(APPLIED));
    }

    private static String lookup(String user) {
        return withField(withField(body("sip_auth-REGISTER"), "user", user), "sip_auth_username", user);
    }
}
