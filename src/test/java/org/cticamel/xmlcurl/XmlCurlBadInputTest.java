package org.cticamel.xmlcurl;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.cticamel.CtiTestSupport;
import org.cticamel.LogCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values a careless or hostile Redis editor or caller can produce: every failure is FreeSWITCH's "not found"
 * document and exactly one WARN line; request values reach the beans as they came ('q' stays 'q', null
 * stays the name null).
 */
class XmlCurlBadInputTest extends CtiTestSupport {

    private static final String DOMAIN = "127.0.0.1";
    private static final String KEY = "cti_exten@" + DOMAIN;
    private static final String GATEWAYS = "cti_gateway@192.0.2.2";
    private static final String APPLIED = "cti_gateway_applied@192.0.2.2";

    @BeforeEach
    void clean() {
        redisTemplate().delete(List.of(KEY, GATEWAYS, APPLIED));
    }

    @Test
    void a_cacheable_too_large_for_a_number_is_not_found_and_one_warn_line() throws Exception {
        // extensions of their own: HashValue reports a bad value once per JVM, and other test classes share it
        redisTemplate().opsForHash().put(KEY, "7101", "{\"param\":{\"password\":\"x\"},\"attribute\":{\"cacheable\":\"99999999999999999999\"}}");
        assertNotFoundWithOneWarn(userLookup("7101"));
    }

    @Test
    void a_value_nested_deeper_than_the_parser_allows_is_not_found_and_one_warn_line() throws Exception {
        redisTemplate().opsForHash().put(KEY, "7102", "{\"param\":" + "[".repeat(1100) + "]".repeat(1100) + "}");
        assertNotFoundWithOneWarn(userLookup("7102"));
    }

    @Test
    void an_extension_called_q_in_quotes_is_served_as_itself() throws Exception {
        redisTemplate().opsForHash().put(KEY, "'q'", "{\"param\":{\"password\":\"x\"}}");
        Document doc = postForXml(userLookup("'q'"));
        assertEquals("'q'", xpath(doc, "/document/section[@name='directory']/domain/users/user/@id"));
    }

    @Test
    void an_extension_called_null_is_served() throws Exception {
        redisTemplate().opsForHash().put(KEY, "null", "{\"param\":{\"password\":\"x\"}}");
        Document doc = postForXml(userLookup("null"));
        assertEquals("null", xpath(doc, "/document/section[@name='directory']/domain/users/user/@id"));
    }

    @Test
    void a_startgw_of_a_gateway_called_null_records_that_gateway_only() throws Exception {
        String gateway = "{\"param\":{\"register\":\"false\",\"proxy\":\"192.0.2.9\"}}";
        // the start-up resync (it records what it would start) is over: only the answer below records
        NotifyBuilder resynced = new NotifyBuilder(context).fromRoute("keyspace-notifications").whenCompleted(1).create();
        assertTrue(resynced.matches(30, TimeUnit.SECONDS));
        try (LogCapture live = LogCapture.of("live-commands")) {
            redisTemplate().opsForHash().putAll(GATEWAYS, Map.of("null", gateway, "gw1", gateway));
            // the live changes try startgw for both; with no FreeSWITCH here their records are taken back, then logged
            await().atMost(ofSeconds(30)).until(() -> live.lines().stream().filter(l -> l.contains("not sent")).count() == 2);
        }
        postForXml(body("configuration-sofia.conf-external-rescan") + "&gateway=null");
        assertEquals(Set.of("null"), redisTemplate().opsForHash().keys(APPLIED));
    }

    private static String userLookup(String user) {
        return withField(body("sip_auth-REGISTER"), "user", URLEncoder.encode(user, StandardCharsets.UTF_8));
    }

    private void assertNotFoundWithOneWarn(String form) throws Exception {
        try (LogCapture log = LogCapture.of("")) {
            HttpResponse<String> response = post(form);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(isNotFound(parse(response.body())), response.body());
            // (the event socket's reconnect WARN lines, no FreeSWITCH being there, are not this request's)
            List<String> lines = log.lines().stream().filter(l -> l.startsWith("ERROR") || l.contains(KEY)).toList();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("WARN") && !lines.get(0).contains("\n"), lines.get(0));
        }
    }
}
