package org.cticamel.esl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.cticamel.PrometheusText;
import org.cticamel.redis.EmbeddedRedis;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /observe/health/{live,ready} and /observe/metrics on the port of /fs/xml, by real requests: readiness
 * follows Redis and the event socket, liveness never does; the meters count what was asked and received.
 * One story in order: everything up, requests and events, the event socket dropped, Redis away and back, FreeSWITCH gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthAndMetricsTest extends EslTestSupport {

    private static final String EXTENSIONS = "cti_exten@127.0.0.1";
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private PrometheusText metrics() throws Exception {
        HttpResponse<String> response = get("/observe/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), response.headers().toString());
        return new PrometheusText(response.body());
    }

    private double requests(String section, String result) throws Exception {
        return metrics().value("cti_xml_curl_requests_seconds_count", Map.of("section", section, "result", result));
    }

    /** The state of one check in /observe/health/ready, e.g. "redis" or "esl:freeswitch". */
    private String readiness(String check) throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) map(get("/observe/health/ready").body()).get("checks");
        return checks.stream().filter(c -> check.equals(c.get("name"))).map(c -> (String) c.get("status")).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + check + " in " + checks));
    }

    @Test
    @Order(1)
    void ready_once_redis_answers_and_the_event_socket_is_subscribed() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> { HttpResponse<String> r = get("/observe/health/ready"); assertEquals(200, r.statusCode(), r.body()); });
        assertEquals("UP", readiness("redis"));
        assertEquals("UP", readiness("esl:freeswitch"));
        assertEquals(200, get("/observe/health/live").statusCode());
        HttpResponse<String> all = get("/observe/health");
        assertEquals(200, all.statusCode());
        assertEquals("UP", map(all.body()).get("status"));
        assertEquals(1.0, metrics().value("cti_esl_connected", Map.of("esl", "freeswitch")));
    }

    @Test
    @Order(2)
    void xml_curl_requests_are_timed_by_section_and_result() throws Exception {
        redisTemplate().opsForHash().put(EXTENSIONS, "1001", "{\"param\":{\"password\":\"1234\"}}");
        Map<String, Double> before = Map.of(
                "directory/found", requests("directory", "found"), "directory/not_found", requests("directory", "not_found"),
                "configuration/found", requests("configuration", "found"),
                "configuration/not_found", requests("configuration", "not_found"), "other/not_found", requests("other", "not_found"));

        assertEquals("1001", xpath(postForXml(body("sip_auth-REGISTER")), "//user/@id"));
        assertEquals("1001", xpath(postForXml(body("sip_auth-INVITE")), "//user/@id"));
        String unknown = withField(withField(body("sip_auth-REGISTER"), "user", "4711"), "sip_auth_username", "4711");
        assertTrue(isNotFound(postForXml(unknown)));
        assertEquals("sofia.conf", xpath(postForXml(body("configuration-sofia.conf")), "/document/section/configuration/@name"));
        assertTrue(isNotFound(postForXml(body("configuration-acl.conf"))));
        assertTrue(isNotFound(postForXml(withField(body("configuration-acl.conf"), "section", "dialplan"))));

        assertEquals(before.get("directory/found") + 2, requests("directory", "found"));
        assertEquals(before.get("directory/not_found") + 1, requests("directory", "not_found"));
        assertEquals(before.get("configuration/found") + 1, requests("configuration", "found"));
        assertEquals(before.get("configuration/not_found") + 1, requests("configuration", "not_found"));
        assertEquals(before.get("other/not_found") + 1, requests("other", "not_found"));
        assertEquals(0.0, requests("directory", "error"));

        // a histogram: every request of a series is in its +Inf bucket, and the buckets are in milliseconds
        PrometheusText metrics = metrics();
        Map<String, String> found = Map.of("section", "directory", "result", "found");
        assertEquals(metrics.value("cti_xml_curl_requests_seconds_count", found),
                metrics.value("cti_xml_curl_requests_seconds_bucket", with(found, "le", "+Inf")));
        assertEquals(14, metrics.find("cti_xml_curl_requests_seconds_bucket", found).size());
        metrics.value("cti_xml_curl_requests_seconds_bucket", with(found, "le", "0.001"));
        metrics.value("cti_xml_curl_requests_seconds_bucket", with(found, "le", "5.0"));
    }

    @Test
    @Order(3)
    void events_received_are_counted_by_name_or_subclass() throws Exception {
        List<byte[]> frames = ScriptedEslServer.eventFrames("esl-json.txt");
        Map<String, Integer> expected = new TreeMap<>();
        for (byte[] frame : frames) {
            String text = new String(frame, StandardCharsets.UTF_8);
            Map<String, Object> event = map(text.substring(text.indexOf("\n\n") + 2));
            Object name = "CUSTOM".equals(event.get("Event-Name")) ? event.get("Event-Subclass") : event.get("Event-Name");
            expected.merge((String) name, 1, Integer::sum);
        }
        assertEquals(12, expected.get("sofia::gateway_state"));
        Map<String, Double> before = new TreeMap<>();
        for (String event : expected.keySet()) {
            before.put(event, events(metrics(), event));
        }

        send(frames);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusText metrics = metrics();
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                assertEquals(before.get(e.getKey()) + e.getValue(), events(metrics, e.getKey()), e.getKey());
            }
        });
    }

    private static double events(PrometheusText metrics, String event) {
        Map<String, String> labels = Map.of("esl", "freeswitch", "event", event);
        return metrics.find("cti_esl_events_total", labels).isEmpty() ? 0 : metrics.value("cti_esl_events_total", labels);
    }

    @Test
    @Order(4)
    void a_webhook_route_counts_its_drops_with_a_micrometer_step() throws Exception {
        Map<String, String> dropped = Map.of();
        assertEquals(0.0, metrics().value("cti_webhook_dropped_total", dropped));
        template.sendBody("micrometer:counter:cti.webhook.dropped", "an update");
        assertEquals(1.0, metrics().value("cti_webhook_dropped_total", dropped), "one series, the pre-registered one");
    }

    @Test
    @Order(5)
    void a_dropped_event_socket_counts_one_reconnect() throws Exception {
        Map<String, String> esl = Map.of("esl", "freeswitch");
        double reconnects = metrics().value("cti_esl_reconnects_total", esl);
        int connections = peer.connections.get();
        peer.drop();
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.connections.get() > connections);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertEquals(reconnects + 1, metrics().value("cti_esl_reconnects_total", esl)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(200, get("/observe/health/ready").statusCode()));
    }

    @Test
    @Order(6)
    void not_ready_while_redis_is_away_and_its_failures_are_counted_but_alive() throws Exception {
        Map<String, String> lookup = Map.of("source", "lookup");
        Map<String, String> sink = Map.of("source", "sink");
        double lookupErrors = metrics().value("cti_redis_errors_total", lookup);
        double sinkErrors = metrics().value("cti_redis_errors_total", sink);
        double errors = requests("directory", "error");
        int port = redis.port();

        redis.stop();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(503, get("/observe/health/ready").statusCode()));
        assertEquals("DOWN", readiness("redis"));
        assertEquals("UP", readiness("esl:freeswitch"));
        assertEquals(200, get("/observe/health/live").statusCode());
        assertEquals(503, get("/observe/health").statusCode());

        assertTrue(isNotFound(postForXml(body("sip_auth-REGISTER"))));
        assertEquals(errors + 1, requests("directory", "error"));
        assertEquals(lookupErrors + 1, metrics().value("cti_redis_errors_total", lookup));
        send(ScriptedEslServer.eventFrames("esl-json.txt", "sofia::register").subList(0, 1));
        // the test cti.json keeps registrations in a hash, a channel and a list: HSET, PUBLISH, RPUSH failed
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertEquals(sinkErrors + 3, metrics().value("cti_redis_errors_total", sink)));

        redis = EmbeddedRedis.start(port);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(200, get("/observe/health/ready").statusCode()));
    }

    @Test
    @Order(7)
    void not_ready_without_freeswitch_but_alive() throws Exception {
        peer.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(503, get("/observe/health/ready").statusCode()));
        assertEquals("DOWN", readiness("esl:freeswitch"));
        assertEquals("UP", readiness("redis"));
        assertEquals(0.0, metrics().value("cti_esl_connected", Map.of("esl", "freeswitch")));
        assertEquals(200, get("/observe/health/live").statusCode());
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> more = new TreeMap<>(labels);
        more.put(name, value);
        return more;
    }
}
