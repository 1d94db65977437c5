package org.cticamel.directory;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.cticamel.CtiTestSupport;
import org.cticamel.LogCapture;
import org.cticamel.redis.HashValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mod_xml_curl directory lookups, with the real request bodies FreeSWITCH sends, answered from Redis. */
class DirectoryTest extends CtiTestSupport {

    private static final String DOMAIN = "127.0.0.1";
    private static final String KEY = "cti_exten@" + DOMAIN;
    /** The extension of the seed (design note 000), stored as extension 1001 of the captured domain. */
    private static final String SEED = """
            {"param": {"allow-empty-password": false, "password": "123", "auth-acl": "", "sip-forbid-register": false},
             "variable": {"sip-force-contact": "NDLB-connectile-dysfunction-2.0"},
             "attribute": {"cacheable": "10000", "number-alias": "myphone"}}""";

    @BeforeEach
    void seed() {
        redisTemplate().delete(KEY);
        redisTemplate().opsForHash().put(KEY, "1001", SEED);
    }

    private static String param(String name) {
        return "/document/section[@name='directory']/domain/users/user/params/param[@name='" + name + "']/@value";
    }

    private static String variable(String name) {
        return "/document/section[@name='directory']/domain/users/user/variables/variable[@name='" + name + "']/@value";
    }

    private static String lookup(String user) {
        return withField(withField(body("sip_auth-REGISTER"), "user", user), "sip_auth_username", user);
    }

    @Test
    void a_registering_phone_gets_its_extension_with_every_param_variable_and_attribute() throws Exception {
        Document doc = postForXml(body("sip_auth-REGISTER"));

        assertEquals("directory", xpath(doc, "/document/section/@name"));
        assertEquals(DOMAIN, xpath(doc, "/document/section/domain/@name"));
        assertEquals("1", xpath(doc, "count(/document/section/domain/users/user)"));
        assertEquals("1001", xpath(doc, "/document/section/domain/users/user/@id"));
        assertEquals("123", xpath(doc, param("password")));
        assertEquals("false", xpath(doc, param("allow-empty-password")));
        assertEquals("false", xpath(doc, param("sip-forbid-register")));
        assertEquals("NDLB-connectile-dysfunction-2.0", xpath(doc, variable("sip-force-contact")));
        assertEquals("10000", xpath(doc, "/document/section/domain/users/user/@cacheable"));
        assertEquals("myphone", xpath(doc, "/document/section/domain/users/user/@number-alias"));
        // user/1001@domain dialling needs a dial-string; the domain carries the vanilla one
        assertTrue(xpath(doc, "/document/section/domain/params/param[@name='dial-string']/@value")
                .contains("${sofia_contact(*/${dialed_user}@${dialed_domain})}"));
    }

    @Test
    void an_empty_param_is_left_out_because_freeswitch_reads_an_empty_auth_acl_as_deny_all() throws Exception {
        Document doc = postForXml(body("sip_auth-REGISTER"));

        assertEquals("0", xpath(doc, "count(//param[@name='auth-acl'])"));
        assertEquals("3", xpath(doc, "count(/document/section/domain/users/user/params/param)"));
    }

    @Test
    void invite_and_unregister_lookups_are_answered_like_register() throws Exception {
        for (String body : new String[] {"sip_auth-INVITE", "sip_auth-UNREGISTER"}) {
            Document doc = postForXml(body(body));
            assertEquals("1001", xpath(doc, "/document/section/domain/users/user/@id"), body);
            assertEquals("123", xpath(doc, param("password")), body);
        }
    }

    @Test
    void the_tropo_sample_and_a_voicemail_message_count_lookup_read_their_own_domain() throws Exception {
        redisTemplate().opsForHash().put("cti_exten@connect.tropo.com", "+14158510070",
                "{\"param\":{\"password\":\"KwDuV8LwOfoQx0EpctLFgz4O2kER\"},\"attribute\":{\"cacheable\":300000}}");
        redisTemplate().opsForHash().put("cti_exten@10.10.10.25", "1000", "{\"param\":{\"password\":\"x\"}}");

        Document tropo = postForXml(body("sip_auth-tropo"));
        assertEquals("connect.tropo.com", xpath(tropo, "/document/section/domain/@name"));
        assertEquals("+14158510070", xpath(tropo, "/document/section/domain/users/user/@id"));
        assertEquals("KwDuV8LwOfoQx0EpctLFgz4O2kER", xpath(tropo, param("password")));
        assertEquals("300000", xpath(tropo, "/document/section/domain/users/user/@cacheable"));

        Document mwi = postForXml(body("message-count"));
        assertEquals("10.10.10.25", xpath(mwi, "/document/section/domain/@name"));
        assertEquals("1000", xpath(mwi, "/document/section/domain/users/user/@id"));
    }

    @Test
    void dialling_the_number_alias_finds_the_extension() throws Exception {
        // the alias hash follows the seed's HSET in the background, within 2 s
        await().atMost(Duration.ofSeconds(2)).untilAsserted(
                () -> assertEquals("1001", xpath(postForXml(lookup("myphone")), "/document/section/domain/users/user/@id")));
        Document doc = postForXml(lookup("myphone"));
        assertEquals("myphone", xpath(doc, "/document/section/domain/users/user/@number-alias"));
    }

    @Test
    void an_alias_follows_the_extension_when_redis_changes() throws Exception {
        await().atMost(Duration.ofSeconds(2)).untilAsserted(
                () -> assertEquals("1001", xpath(postForXml(lookup("myphone")), "//user/@id"))); // indexed

        redisTemplate().opsForHash().put(KEY, "1001", SEED.replace("myphone", "deskphone"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertEquals("1001", xpath(postForXml(lookup("deskphone")), "//user/@id")));
        assertTrue(isNotFound(postForXml(lookup("myphone"))));

        redisTemplate().opsForHash().put(KEY, "2002", "{\"param\":{\"password\":\"p\"},\"attribute\":{\"number-alias\":\"frontdesk\"}}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertEquals("2002", xpath(postForXml(lookup("frontdesk")), "//user/@id")));

        redisTemplate().opsForHash().delete(KEY, "2002");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(isNotFound(postForXml(lookup("frontdesk")))));
    }

    @Test
    void the_service_turns_on_the_keyspace_notifications_it_relies_on() {
        String flags = redisTemplate().execute((org.springframework.data.redis.core.RedisCallback<String>) c ->
                c.serverCommands().getConfig("notify-keyspace-events").getProperty("notify-keyspace-events"));
        assertTrue(flags.contains("K") && flags.contains("h") && flags.contains("g"), flags);
    }

    @Test
    void a_change_in_redis_is_live_on_the_next_lookup() throws Exception {
        redisTemplate().opsForHash().put(KEY, "1001", SEED.replace("\"123\"", "\"456\""));

        assertEquals("456", xpath(postForXml(body("sip_auth-REGISTER")), param("password")));
    }

    @Test
    void unknown_users_domains_and_requests_we_do_not_serve_get_not_found() throws Exception {
        assertTrue(isNotFound(postForXml(lookup("4040"))), "unknown user");
        assertTrue(isNotFound(postForXml(withField(body("sip_auth-REGISTER"), "key_value", "nowhere.example"))), "unknown domain");
        assertTrue(isNotFound(postForXml(body("purpose-gateways"))), "purpose=gateways with empty key");
        assertTrue(isNotFound(postForXml(body("network-list"))), "network-list");
        assertTrue(isNotFound(postForXml(body("configuration-acl.conf"))), "acl.conf");
        assertTrue(isNotFound(postForXml(withField(body("sip_auth-REGISTER"), "section", "dialplan"))), "dialplan");
        assertTrue(isNotFound(postForXml(withField(body("sip_auth-REGISTER"), "user", ""))), "empty user");
        assertTrue(isNotFound(postForXml("")), "empty body");
    }

    @Test
    void an_extension_without_password_cannot_register_unless_it_says_so() throws Exception {
        redisTemplate().opsForHash().put(KEY, "3001", "{\"variable\":{\"user_context\":\"default\"}}");
        redisTemplate().opsForHash().put(KEY, "3002", "{\"param\":{\"password\":\"\"}}");
        redisTemplate().opsForHash().put(KEY, "3003", "{\"param\":{\"allow-empty-password\":true}}");
        redisTemplate().opsForHash().put(KEY, "3004", "{\"param\":{\"a1-hash\":\"c2d5e6b1b0d1c0e4b5a6f7e8d9c0b1a2\"}}");
        redisTemplate().opsForHash().put(KEY, "3005", "{\"param\":{\"allow-empty-password\":\"yes\"}}");
        redisTemplate().opsForHash().put(KEY, "3006", "{\"param\":{\"Password\":\"Upper\"}}");

        assertEquals("false", xpath(postForXml(lookup("3001")), param("allow-empty-password")), "no params at all");
        assertEquals("false", xpath(postForXml(lookup("3002")), param("allow-empty-password")), "empty password");
        assertEquals("true", xpath(postForXml(lookup("3003")), param("allow-empty-password")), "explicitly allowed");
        Document a1 = postForXml(lookup("3004"));
        assertEquals("c2d5e6b1b0d1c0e4b5a6f7e8d9c0b1a2", xpath(a1, param("a1-hash")));
        assertEquals("0", xpath(a1, "count(" + param("allow-empty-password") + ")"), "a1-hash is a credential");
        assertEquals("yes", xpath(postForXml(lookup("3005")), param("allow-empty-password")), "switch_true() spelling");
        assertEquals("0", xpath(postForXml(lookup("3006")), "count(" + param("allow-empty-password") + ")"),
                "FreeSWITCH compares param names case-insensitively");
    }

    @Test
    void json_types_render_as_freeswitch_strings() throws Exception {
        redisTemplate().opsForHash().put(KEY, "3101", """
                {"param": {"password": "p", "sip-forbid-register": true, "max-registrations-per-extension": 2},
                 "attribute": {"cacheable": true, "id": "9999", "bad name": "x"},
                 "variable": {"nested": {"a": 1}, "list": [1], "nothing": null, "ok": 1.5}}""");

        Document doc = postForXml(lookup("3101"));
        assertEquals("true", xpath(doc, param("sip-forbid-register")));
        assertEquals("2", xpath(doc, param("max-registrations-per-extension")));
        assertEquals("true", xpath(doc, "//user/@cacheable"));
        assertEquals("3101", xpath(doc, "//user/@id"), "id is the hash field, never the JSON");
        assertEquals("1.5", xpath(doc, variable("ok")));
        assertEquals("1", xpath(doc, "count(//variables/variable)"), "objects, arrays and null are left out");
        assertEquals("2", xpath(doc, "count(//user/@*)"), "id and cacheable; an invalid attribute name is left out");
    }

    @Test
    void hostile_values_are_escaped_and_come_back_intact() throws Exception {
        String nasty = "a<b>&c\"d'e ${x} $${y} 名字 😀";
        String json = "{\"param\":{\"password\":" + jsonString(nasty) + "},\"variable\":{\"effective_caller_id_name\":"
                + jsonString(nasty) + "},\"attribute\":{\"number-alias\":" + jsonString("al\"<&>") + "}}";
        redisTemplate().opsForHash().put(KEY, "x\"<&>y", json);

        Document doc = postForXml(lookup(URLEncoder.encode("x\"<&>y", StandardCharsets.UTF_8)));
        assertEquals("x\"<&>y", xpath(doc, "//user/@id"));
        assertEquals(nasty, xpath(doc, param("password")));
        assertEquals(nasty, xpath(doc, variable("effective_caller_id_name")));
        assertEquals("al\"<&>", xpath(doc, "//user/@number-alias"));

        String injection = URLEncoder.encode("1001\"/><user id=\"evil", StandardCharsets.UTF_8);
        assertTrue(isNotFound(postForXml(lookup(injection))));
        assertTrue(isNotFound(postForXml(withField(body("sip_auth-REGISTER"), "key_value",
                URLEncoder.encode("d\"><x", StandardCharsets.UTF_8)))));
    }

    @Test
    void malformed_json_is_not_found_and_logged_once_with_key_and_field() throws Exception {
        redisTemplate().opsForHash().put(KEY, "3201", "{\"param\": {\"password\": \"s3cret\"");
        redisTemplate().opsForHash().put(KEY, "3202", "[1, 2]");
        redisTemplate().opsForHash().put(KEY, "3203", "{\"param\": \"password\"}");

        try (LogCapture log = LogCapture.of(HashValue.class)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(isNotFound(postForXml(lookup("3201"))));
            }
            assertTrue(isNotFound(postForXml(lookup("3202"))));
            assertTrue(isNotFound(postForXml(lookup("3203"))));

            assertEquals(1, log.lines().stream().filter(l -> l.contains(KEY) && l.contains("'3201'")).count(), log.lines().toString());
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains(KEY) && l.contains("'3202'")
                    && l.contains("not a JSON object")), log.lines().toString());
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("'3203'") && l.contains("'param'")), log.lines().toString());
            assertFalse(log.lines().toString().contains("s3cret"), "the log never quotes the value");
        }
        // the good extension next to them is unaffected
        assertEquals("1001", xpath(postForXml(body("sip_auth-REGISTER")), "//user/@id"));
    }

    @Test
    void the_reply_is_xml_only_and_never_echoes_the_request() throws Exception {
        HttpResponse<String> response = post(body("sip_auth-REGISTER"));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
        assertTrue(response.headers().map().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Event-Name")
                || h.equalsIgnoreCase("sip_auth_response") || h.equalsIgnoreCase("user")), response.headers().map().toString());
    }

    /** mod_xml_curl always POSTs: a GET (the issue's curl one-liner for a password) gets 405 and no directory. */
    @Test
    void a_get_is_refused() throws Exception {
        java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + httpPort + "/fs/xml?" + body("sip_auth-REGISTER"))).GET().build();
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString());

        assertEquals(405, response.statusCode(), response.body());
        assertFalse(response.body().contains("password"), response.body());
    }

    @Test
    void form_fields_cannot_steer_the_redis_command() throws Exception {
        String body = body("sip_auth-REGISTER") + "&CamelRedis.Command=DEL&CamelRedis.Key=" + KEY + "&camelredis.key=" + KEY;

        assertEquals("1001", xpath(postForXml(body), "//user/@id"));
        assertTrue(redisTemplate().hasKey(KEY));
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
