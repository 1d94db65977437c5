package org.cticamel;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cticamel.redis.EmbeddedRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees when the start goes wrong, on the packaged jar: a configuration problem or a taken
 * port is one line and exit status 1, no stack trace; an unreachable Redis is waited for, said so.
 */
class StartupProblemsIT {

    @TempDir
    Path dir;

    @Test
    void an_unknown_key_in_cti_json_is_one_line_with_the_key_and_its_line() throws Exception {
        Path config = dir.resolve("cti.json");
        Files.writeString(config, """
                {"gui": {
                  "registration": {
                    "hsah": "registrations"
                  }
                }}""");
        String line = failsWithOneLine(Map.of("CTI_CONFIG", config.toString()));
        assertTrue(line.endsWith("Not started: " + config + ": gui.registration.hsah (line 3): unknown key (allowed here: channel, hash, list)"), line);
    }

    @Test
    void broken_json_is_one_line_with_its_line() throws Exception {
        Path config = dir.resolve("cti.json");
        Files.writeString(config, "{\"gui\": {\n  \"registration\": {\"hash\": \"x\",}\n}}");
        String line = failsWithOneLine(Map.of("CTI_CONFIG", config.toString()));
        assertTrue(line.contains(config + ": not valid JSON: ") && line.contains(" at line 2 "), line);
    }

    @Test
    void a_missing_cti_json_is_one_line_naming_the_file() throws Exception {
        Path config = dir.resolve("missing.json");
        String line = failsWithOneLine(Map.of("CTI_CONFIG", config.toString()));
        assertTrue(line.endsWith(config.toAbsolutePath() + ": cannot read cti.json (cti.config / CTI_CONFIG): no such file"), line);
    }

    @Test
    void a_taken_http_port_is_one_line() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            String line = failsWithOneLine(Map.of("CTI_HTTP_HOST", "127.0.0.1", "CTI_HTTP_PORT", String.valueOf(taken.getLocalPort())));
            assertTrue(line.contains("Not started: HTTP port 127.0.0.1:" + taken.getLocalPort() + " (CTI_HTTP_HOST / CTI_HTTP_PORT) is not free"), line);
        }
    }

    /** The password is never quoted, and a URL that cannot be read unambiguously is not guessed at (issue 10, item 8). */
    @Test
    void a_redis_password_with_an_unencoded_slash_is_one_line_without_the_password() throws Exception {
        int redisPort = CtiTestSupport.freePort();
        try (ServiceProcess service = ServiceProcess.start(Map.of("CTI_REDIS_URL", "redis://:Zab/cd-secret@127.0.0.1:" + redisPort))) {
            assertEquals(Integer.valueOf(1), service.exitStatus(ofSeconds(120)), service.log());
            assertTrue(service.log().contains("Not started: CTI_REDIS_URL (cti.redis.url) is not a Redis URL"), service.log());
            assertTrue(service.log().contains("%2F"), service.log());
            assertFalse(service.log().contains("cd-secret") || service.log().contains("Zab"), service.log());
        }
    }

    /** One Lua script writes gui.call's hash and list: on a Cluster they must share a slot (issue 14). */
    @Test
    void call_hash_and_list_in_different_cluster_slots_are_one_line() throws Exception {
        Path config = dir.resolve("cti.json");
        Files.writeString(config, """
                {"gui": {"call": {"hash": "calls", "list": "calls-log"}}}""");
        String line = failsWithOneLine(Map.of("CTI_CONFIG", config.toString(),
                "CTI_REDIS_URL", "redis-cluster://127.0.0.1:" + CtiTestSupport.freePort()));
        assertTrue(line.contains("Not started: cti.json gui.call hash 'calls' (slot ") && line.contains("list 'calls-log' (slot ")
                && line.contains("'{cti}calls' and '{cti}calls-log'"), line);
    }

    @Test
    void an_unreachable_redis_is_waited_for_and_the_service_starts_when_it_comes() throws Exception {
        int redisPort = CtiTestSupport.freePort();
        int httpPort = CtiTestSupport.freePort();
        try (ServiceProcess service = ServiceProcess.start(Map.of("CTI_REDIS_URL", "redis://127.0.0.1:" + redisPort,
                "CTI_HTTP_PORT", String.valueOf(httpPort)))) {
            service.awaitLine(l -> l.contains("WARN") && l.contains("Redis 127.0.0.1:" + redisPort + " unreachable")
                    && l.contains("retrying"), ofSeconds(90));
            assertTrue(service.isAlive(), service.log());
            assertEquals(null, service.exitStatus(ofSeconds(3)), "still running, waiting for Redis");

            EmbeddedRedis redis = EmbeddedRedis.start(redisPort);
            try {
                service.awaitLine(l -> l.contains("xml_curl: /fs/xml open after the warm-up"), ofSeconds(90));
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/fs/xml"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(CtiTestSupport.body("sip_auth-REGISTER"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), service.log());
                assertTrue(response.body().contains("not found"), response.body());
                assertFalse(service.log().contains("\tat "), "no stack trace:\n" + service.log());
            } finally {
                assertTrue(service.stop());
                redis.stop();
            }
        }
    }

    /** Runs the jar, expects exit status 1 and exactly one ERROR line, no stack trace; returns that line. */
    private static String failsWithOneLine(Map<String, String> environment) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(environment)) {
            Integer status = service.exitStatus(ofSeconds(120));
            String log = service.log();
            assertEquals(Integer.valueOf(1), status, log);
            List<String> errors = service.output().stream().filter(l -> l.contains(" ERROR ")).toList();
            assertEquals(1, errors.size(), log);
            assertFalse(log.contains("\tat ") || log.contains("Exception in thread"), "no stack trace:\n" + log);
            return errors.get(0);
        }
    }
}
