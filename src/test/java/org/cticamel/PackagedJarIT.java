package org.cticamel;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's path for a new user, on the packaged jar: {@code java -jar target/cti-camel.jar} with nothing
 * configured (embedded Redis), HSET the seed's extension, POST the tropo sample, get the user back.
 */
class PackagedJarIT {

    private static final Pattern REDIS_URL = Pattern.compile("Embedded redis-server started at (redis://[0-9.]+:[0-9]+)");

    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.destroy();
            assertTrue(service.waitFor(30, TimeUnit.SECONDS), "service stops on SIGTERM");
        }
    }

    @Test
    void a_new_user_runs_the_jar_stores_an_extension_and_freeswitch_gets_it() throws Exception {
        int httpPort = CtiTestSupport.freePort();
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-jar", "target/cti-camel.jar").redirectErrorStream(true);
        builder.environment().remove("CTI_REDIS_URL");
        builder.environment().put("CTI_HTTP_PORT", String.valueOf(httpPort));
        service = builder.start();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8))
                .lines().forEach(output::add));
        reader.setDaemon(true);
        reader.start();

        String redisUrl = await().atMost(ofSeconds(60)).until(this::embeddedRedisUrl, url -> url != null);
        await().atMost(ofSeconds(60)).until(() -> output.stream().anyMatch(l -> l.contains("http://0.0.0.0:" + httpPort + "/fs/xml")));

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

        assertEquals(200, response.statusCode(), String.join("\n", output));
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

    private String embeddedRedisUrl() {
        for (String line : output) {
            Matcher m = REDIS_URL.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
