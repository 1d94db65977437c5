package org.cticamel.api;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.cticamel.LogCapture;
import org.cticamel.directory.NumberAliases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.RedisCallback;
import org.w3c.dom.Document;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Extensions through the API over real HTTP: what is stored, what the directory then answers, what is refused. */
class ExtensionsApiTest extends ApiTestSupport {

    /** The domain of the captured directory requests. */
    private static final String DOMAIN = "127.0.0.1";
    private static final String KEY = "cti_exten@" + DOMAIN;
    private static final String PATH = "/api/domains/" + DOMAIN + "/extensions/";

    @BeforeEach
    void empty() {
        redisTemplate().delete(List.of(KEY, "cti_exten@example.com"));
    }

    @Test
    void a_put_extension_is_stored_as_freeswitch_strings_and_the_directory_serves_it() throws Exception {
        HttpResponse<String> put = call("PUT", PATH + "1001", """
                {"param": {"password": "1234", "sip-forbid-register": false, "max-registrations-per-extension": 2,
                           "auth-acl": "192.168.0.0/24, 10.0.0.1/32", "user-agent-filter": "^(Yealink|Snom)"},
                 "variable": {"sip-force-contact": "NDLB-connectile-dysfunction-2.0"},
                 "attribute": {"cacheable": 10000, "number-alias": "myphone"}}""");

        assertEquals(200, put.statusCode(), put.body());
        String stored = hget(KEY, "1001");
        assertEquals(JSON.readTree(stored), json(put));
        assertEquals("false", JSON.readTree(stored).at("/param/sip-forbid-register").textValue());
        assertEquals("10000", JSON.readTree(stored).at("/attribute/cacheable").textValue());
        assertEquals(JSON.readTree(stored), json(call("GET", PATH + "1001", null)));

        Document doc = postForXml(withField(body("sip_auth-REGISTER"), "user", "myphone"));
        assertEquals("1001", xpath(doc, "//user/@id"));
        assertEquals("1234", xpath(doc, "//user/params/param[@name='password']/@value"));
        assertEquals("2", xpath(doc, "//user/params/param[@name='max-registrations-per-extension']/@value"));
        assertEquals("10000", xpath(doc, "//user/@cacheable"));
    }

    @Test
    void bad_input_is_a_400_naming_the_field_and_never_reaches_redis() throws Exception {
        String good = "{\"param\": {\"password\": \"1234\"}}";
        assertEquals(200, call("PUT", PATH + "1001", good).statusCode());
        Map<String, String[]> cases = new HashMap<>();
        cases.put("{\"param\": {\"password\": \"1234\"", new String[] {"body", "is not valid JSON"});
        cases.put("[1, 2]", new String[] {"body", "must be a JSON object"});
        cases.put("{\"params\": {\"password\": \"1234\"}}", new String[] {"params", "is not a known key"});
        cases.put("{\"param\": {\"password\": null}}", new String[] {"param.password", "must be a string, number or boolean"});
        cases.put("{\"param\": {\"password\": {\"x\": 1}}}", new String[] {"param.password", "must be a string, number or boolean"});
        cases.put("{\"param\": []}", new String[] {"param", "must be a JSON object"});
        cases.put("{\"param\": {\"pass word\": \"1234\"}}", new String[] {"param.pass word", "is not a name FreeSWITCH accepts"});
        cases.put("{\"param\": {\"password\": \"1\", \"Password\": \"2\"}}", new String[] {"param.Password", "is given twice"});
        cases.put("{\"param\": {\"password\": \"12\\u00014\"}}", new String[] {"param.password", "control character"});
        cases.put("{\"param\": {}}", new String[] {"param.password", "is required"});
        cases.put("{\"param\": {\"password\": \"\", \"allow-empty-password\": \"no\"}}", new String[] {"param.password", "is required"});
        cases.put("{\"param\": {\"password\": \"1\", \"a1-hash\": \"0123456789abcdef0123456789abcdef\"}}", new String[] {"param.a1-hash", "give one of them"});
        cases.put("{\"param\": {\"a1-hash\": \"1234\"}}", new String[] {"param.a1-hash", "32 hex digits"});
        cases.put("{\"param\": {\"password\": \"1\", \"max-registrations-per-extension\": \"two\"}}", new String[] {"param.max-registrations-per-extension", "whole number"});
        cases.put("{\"param\": {\"password\": \"1\", \"max-registrations-per-extension\": 1.5}}", new String[] {"param.max-registrations-per-extension", "whole number"});
        cases.put("{\"param\": {\"password\": \"1\", \"sip-forbid-register\": \"maybe\"}}", new String[] {"param.sip-forbid-register", "true or false"});
        cases.put("{\"param\": {\"password\": \"1\", \"auth-acl\": \"192.168.0.300/24\"}}", new String[] {"param.auth-acl", "not a CIDR"});
        cases.put("{\"param\": {\"password\": \"1\", \"auth-acl\": \"lan, wan\"}}", new String[] {"param.auth-acl", "ACL name"});
        cases.put("{\"param\": {\"password\": \"1\", \"user-agent-filter\": \"(Yealink\"}}", new String[] {"param.user-agent-filter", "not a valid regular expression"});
        cases.put("{\"param\": {\"password\": \"1\"}, \"attribute\": {\"cacheable\": \"forever\"}}", new String[] {"attribute.cacheable", "milliseconds or true"});
        cases.put("{\"param\": {\"password\": \"1\"}, \"attribute\": {\"number-alias\": \"my phone\"}}", new String[] {"attribute.number-alias", "letters, digits"});
        cases.put("{\"param\": {\"password\": \"1\"}, \"attribute\": {\"id\": \"1002\"}}", new String[] {"attribute.id", "the extension itself"});
        cases.put("{\"param\": {\"password\": \"1\"}, \"attribute\": {\"1st\": \"x\"}}", new String[] {"attribute.1st", "XML name"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            assertProblem(call("PUT", PATH + "1001", c.getKey()), 400, c.getValue()[0], c.getValue()[1]);
        }
        assertProblem(call("PUT", PATH + "10%2001", good), 400, "id", "is not an extension");
        assertProblem(call("PUT", "/api/domains/bad_domain/extensions/1001", good), 400, "domain", "is not a SIP domain");
        assertProblem(call("PUT", PATH + "1001?store=plain", good), 400, "store", "password or a1-hash");

        assertEquals(Set.of("1001"), redisTemplate().opsForHash().keys(KEY));
        assertEquals(JSON.readTree("{\"param\": {\"password\": \"1234\"}, \"variable\": {}, \"attribute\": {}}"),
                JSON.readTree(hget(KEY, "1001")), "unchanged by every refused PUT");
        assertEquals(1, redisTemplate().keys("cti_exten@*").size());
    }

    @Test
    void an_extension_may_go_without_a_password_only_when_it_says_so_itself() throws Exception {
        HttpResponse<String> put = call("PUT", PATH + "lobby", "{\"param\": {\"allow-empty-password\": true}}");
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("true", JSON.readTree(hget(KEY, "lobby")).at("/param/allow-empty-password").textValue());
    }

    @Test
    void a_number_alias_belongs_to_one_extension_of_a_domain() throws Exception {
        assertEquals(200, call("PUT", PATH + "1001", "{\"param\": {\"password\": \"1\"}, \"attribute\": {\"number-alias\": \"myphone\"}}").statusCode());

        assertProblem(call("PUT", PATH + "1002", "{\"param\": {\"password\": \"2\"}, \"attribute\": {\"number-alias\": \"myphone\"}}"),
                409, "attribute.number-alias", "'myphone' is already taken by extension '1001'");
        assertProblem(call("PUT", PATH + "1002", "{\"param\": {\"password\": \"2\"}, \"attribute\": {\"number-alias\": \"1001\"}}"),
                409, "attribute.number-alias", "'1001' is already taken by extension '1001'");
        assertProblem(call("PUT", PATH + "myphone", "{\"param\": {\"password\": \"2\"}}"),
                409, "id", "'myphone' is the number-alias of extension '1001'");
        assertNull(hget(KEY, "1002"));
        assertNull(hget(KEY, "myphone"));

        assertEquals(200, call("PUT", PATH + "1001", "{\"param\": {\"password\": \"3\"}, \"attribute\": {\"number-alias\": \"myphone\"}}").statusCode(),
                "an extension keeps its own alias");
        assertEquals(200, call("PUT", "/api/domains/example.com/extensions/1002",
                "{\"param\": {\"password\": \"2\"}, \"attribute\": {\"number-alias\": \"myphone\"}}").statusCode(), "another domain");
    }

    /**
     * What the API writes is indexed before it answers, not by the pass Redis's announcement starts (a round of a
     * big directory takes seconds): with the announcements off, no pass runs, and the alias still comes and goes.
     */
    @Test
    void an_alias_written_through_the_api_is_found_and_let_go_at_once() throws Exception {
        String aliases = "cti_alias@{" + KEY + "}";
        String announced = announcements("");
        try {
            assertEquals(200, call("PUT", PATH + "1001", "{\"param\": {\"password\": \"1\"}, \"attribute\": {\"number-alias\": \"frontdesk\"}}").statusCode());
            assertEquals("1001", redisTemplate().opsForHash().get(aliases, "frontdesk"));
            assertEquals("1001", xpath(postForXml(withField(body("sip_auth-REGISTER"), "user", "frontdesk")), "//user/@id"));

            assertEquals(204, call("DELETE", PATH + "1001", null).statusCode());
            assertFalse(redisTemplate().opsForHash().hasKey(aliases, "frontdesk"));
        } finally {
            announcements(announced);
        }
    }

    /**
     * A pass compares each value's alias with the service's copy of what each extension holds; a write through the
     * API updates that copy too, or an alias written back past the API would look unchanged and stay unindexed.
     */
    @Test
    void an_alias_written_back_past_the_api_is_indexed_by_the_next_pass() throws Exception {
        String aliases = "cti_alias@{" + KEY + "}";
        NumberAliases passes = context.getRegistry().lookupByNameAndType("numberAliases", NumberAliases.class);
        String desk = "{\"param\": {\"password\": \"1\"}, \"attribute\": {\"number-alias\": \"desk\"}}";
        redisTemplate().opsForHash().put(KEY, "1001", desk);
        await().atMost(Duration.ofSeconds(2)).until(() -> "1001".equals(redisTemplate().opsForHash().get(aliases, "desk")) && passes.pending() == 0);
        String announced = announcements("");
        try {
            assertEquals(200, call("PUT", PATH + "1001", desk.replace("desk", "frontdesk")).statusCode());
            redisTemplate().opsForHash().put(KEY, "1001", desk);
        } finally {
            announcements(announced);
        }
        assertNull(redisTemplate().opsForHash().get(aliases, "desk"), "let go by the PUT, and no pass since");

        redisTemplate().opsForHash().put(KEY, "1002", "{}"); // announced: a pass of the whole hash
        await().atMost(Duration.ofSeconds(2)).until(() -> "1001".equals(redisTemplate().opsForHash().get(aliases, "desk")));
    }

    /** Sets Redis's notify-keyspace-events; returns what it was. */
    private String announcements(String events) {
        return redisTemplate().execute((RedisCallback<String>) c -> {
            String was = c.serverCommands().getConfig("notify-keyspace-events").getProperty("notify-keyspace-events");
            c.serverCommands().setConfig("notify-keyspace-events", events);
            return was;
        });
    }

    /**
     * The captured REGISTER (sip_auth-REGISTER.txt: a real phone's digest for 1001@127.0.0.1, password 1234, as
     * FreeSWITCH received it) checks out against the stored a1-hash the way sofia_reg.c checks it.
     */
    @Test
    void with_store_a1_hash_no_password_is_stored_and_the_phone_still_registers() throws Exception {
        HttpResponse<String> put = call("PUT", PATH + "1001?store=a1-hash", "{\"param\": {\"password\": \"1234\", \"dial-string\": \"x\"}}");

        assertEquals(200, put.statusCode(), put.body());
        String stored = hget(KEY, "1001");
        assertFalse(stored.contains("1234"), stored);
        assertEquals(List.of("a1-hash", "dial-string"), fieldNames(JSON.readTree(stored).get("param")), "in the password's place");
        Document doc = postForXml(body("sip_auth-REGISTER"));
        assertEquals("", xpath(doc, "//user/params/param[@name='password']/@value"));
        String a1Hash = xpath(doc, "//user/params/param[@name='a1-hash']/@value");
        Map<String, String> form = form(body("sip_auth-REGISTER"));
        assertEquals(form.get("sip_auth_response"), digestResponse(a1Hash, form));

        call("PUT", PATH + "1001?store=a1-hash", "{\"param\": {\"password\": \"4321\"}}");
        assertFalse(form.get("sip_auth_response").equals(digestResponse(
                xpath(postForXml(body("sip_auth-REGISTER")), "//user/params/param[@name='a1-hash']/@value"), form)), "another password fails");
    }

    /** sofia_reg.c sofia_reg_parse_auth with a1-hash: HA1 is the a1-hash, the rest as RFC 2617 with qop=auth. */
    private static String digestResponse(String ha1, Map<String, String> f) {
        String ha2 = Extensions.md5(f.get("sip_auth_method") + ":" + f.get("sip_auth_uri"));
        return Extensions.md5(ha1 + ":" + f.get("sip_auth_nonce") + ":" + f.get("sip_auth_nc") + ":" + f.get("sip_auth_cnonce") + ":"
                + f.get("sip_auth_qop") + ":" + ha2);
    }

    @Test
    void the_list_is_paged_over_hscan_with_the_next_cursor_in_the_reply() throws Exception {
        Map<String, String> put = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            put.put("2" + i, "{\"param\": {\"password\": \"" + i + "\"}}");
        }
        redisTemplate().opsForHash().putAll(KEY, put);
        Set<String> listed = new HashSet<>();
        String cursor = "0";
        int pages = 0;
        do {
            JsonNode page = json(call("GET", PATH.substring(0, PATH.length() - 1) + "?count=50&cursor=" + cursor, null));
            page.get("extensions").fields().forEachRemaining(entry -> {
                listed.add(entry.getKey());
                assertEquals(entry.getKey().substring(1), entry.getValue().at("/param/password").asText(), "the stored value, as JSON");
            });
            cursor = page.get("cursor").asText();
            pages++;
        } while (!cursor.equals("0"));
        assertEquals(put.keySet(), listed);
        assertTrue(pages > 3, "pages: " + pages);

        assertProblem(call("GET", PATH.substring(0, PATH.length() - 1) + "?cursor=abc", null), 400, "cursor", "digits");
        assertProblem(call("GET", PATH.substring(0, PATH.length() - 1) + "?count=0", null), 400, "count", "1 to 1000");
    }

    @Test
    void delete_removes_and_a_missing_extension_is_404() throws Exception {
        call("PUT", PATH + "1001", "{\"param\": {\"password\": \"1234\"}}");

        assertEquals(204, call("DELETE", PATH + "1001", null).statusCode());
        assertNull(hget(KEY, "1001"));
        assertEquals(404, call("DELETE", PATH + "1001", null).statusCode());
        assertProblem(call("GET", PATH + "1001", null), 404, "id", "no extension '1001'");
    }

    @Test
    void each_change_is_one_log_line_with_who_and_which_key_and_never_the_secret() throws Exception {
        try (LogCapture log = LogCapture.of("org.cticamel.api")) {
            call("PUT", PATH + "1001", "{\"param\": {\"password\": \"s3cretPw\"}}");
            call("PUT", PATH + "1002", "{\"param\": {}}");
            call("DELETE", PATH + "1001", null);

            assertEquals(List.of("INFO API admin from 127.0.0.1", "INFO API admin from 127.0.0.1"),
                    log.lines().stream().map(line -> line.replaceFirst(":[0-9]+: .*", "")).toList(), log.lines().toString());
            assertTrue(log.lines().get(0).endsWith(": HSET " + KEY + " 1001"), log.lines().get(0));
            assertTrue(log.lines().get(1).endsWith(": HDEL " + KEY + " 1001"), log.lines().get(1));
            assertFalse(log.lines().toString().contains("s3cret"), "neither the password nor the API's own");
        }
    }

    @Test
    void without_the_credentials_nothing_is_answered_or_changed() throws Exception {
        for (String credentials : new String[] {null, "admin:wrong", "admin", "Admin:s3cret"}) {
            HttpResponse<String> put = call("PUT", PATH + "1001", "{\"param\": {\"password\": \"1\"}}", credentials);
            assertEquals(401, put.statusCode());
            assertEquals("Basic realm=\"cti-camel API\"", put.headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals(401, call("GET", "/api/registrations", null, credentials).statusCode());
        }
        assertFalse(redisTemplate().hasKey(KEY));
        HttpResponse<String> ok = call("GET", PATH + "1001", null);
        assertTrue(ok.headers().firstValue("Authorization").isEmpty(), "no request header comes back: " + ok.headers().map());
        assertEquals(Set.of("content-type", "transfer-encoding"), ok.headers().map().keySet());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field, String problem) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(field, body.path("field").asText(null), response.body());
        assertTrue(body.path("problem").asText().contains(problem), response.body());
        assertFalse(response.body().contains("Exception") || response.body().contains("\tat "), response.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
