package org.cticamel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's path for a new user, on the packaged jar: {@code java -jar target/cti-camel.jar} with nothing
 * configured (embedded Redis), HSET the seed's extension, POST the tropo sample, get the user back.
 */
class PackagedJarIT {

    private static final Pattern REDIS_URL = Pattern.compile("Embedded redis-server started at (redis://[0-9.]+:[0-9]+)");

    private ServiceProcess service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            assertTrue(service.stop(), "service stops on SIGTERM");
        }
    }

    @Test
    void a_new_user_runs_the_jar_stores_an_extension_and_freeswitch_gets_it() throws Exception {
        int httpPort = CtiTestSupport.freePort();
        service = ServiceProcess.start(Map.of("CTI_HTTP_PORT", String.valueOf(httpPort)));

        Matcher embedded = REDIS_URL.matcher(service.awaitLine(l -> REDIS_URL.matcher(l).find(), ofSeconds(60)));
        assertTrue(embedded.find());
        String redisUrl = embedded.group(1);
        service.awaitLine(l -> l.contains("xml_curl: /fs/xml open after the warm-up"), ofSeconds(60));

        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().hset("cti_exten@connect.tropo.com", "+14158510070", """
                    {"param": {"allow-empty-password": false, "password": "123", "auth-acl": "", "sip-forbid-register": false},
                     "variable": {"sip-force-contact": "NDLB-connectile-dysfunction-2.0"},
                     "attribute": {"cacheable": "10000", "number-alias": "myphone"}}""");
        } finally {
            client.shutdown();
        }

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/fs/xml"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(CtiTestSupport.body("sip_auth-tropo"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), service.log());
        Document doc = CtiTestSupport.parse(response.body());
        assertEquals("connect.tropo.com", CtiTestSupport.xpath(doc, "/document/section[@name='directory']/domain/@name"));
        assertEquals("+14158510070", CtiTestSupport.xpath(doc, "//domain/users/user/@id"));
        assertEquals("123", CtiTestSupport.xpath(doc, "//user/params/param[@name='password']/@value"));
        assertEquals("myphone", CtiTestSupport.xpath(doc, "//user/@number-alias"));

        // health and metrics come with the jar, on the same port (no FreeSWITCH here: alive, not ready)
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/observe/health/live")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertEquals(1.0, new PrometheusText(metrics).value("cti_xml_curl_requests_seconds_count",
                Map.of("section", "directory", "result", "found")));
    }
}
