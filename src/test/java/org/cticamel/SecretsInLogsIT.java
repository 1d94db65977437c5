package org.cticamel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.cticamel.esl.ScriptedEslServer;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No secret ever reaches the log: the packaged jar's whole output (start-up summary included) while it
 * connects to a Redis with a password, fails and then passes ESL authentication, answers an extension
 * with password, a1-hash and vm-password, a malformed extension, gateways with passwords (served, one
 * refused, one started live), and requests with right, wrong and no HTTP credentials.
 */
class SecretsInLogsIT {

    /** With an '@', written as is: issue 10 item 8 (a redaction that cut at the first '@' logged "secret-1@host"). */
    private static final String REDIS_PASSWORD = "Zredis@secret-1";
    private static final String ESL_PASSWORD = "Zesl-secret-2";
    private static final String HTTP_CREDENTIALS = "freeswitch:Zhttp-secret-3";
    private static final String EXTENSION_PASSWORD = "Zext-secret-4";
    private static final String A1_HASH = "Za1hash5a1b2c3d4e5f60718293a4b5c";
    private static final String VM_PASSWORD = "Zvm-secret-6";
    private static final String MALFORMED_PASSWORD = "Zmalformed-secret-7";
    private static final String GATEWAY_PASSWORD = "Zgw-secret-8";
    private static final String REFUSED_GATEWAY_PASSWORD = "Zgw-secret-9";
    private static final String LIVE_GATEWAY_PASSWORD = "Zgw-secret-10";
    private static final String DOMAIN = "127.0.0.1";

    private final HttpClient http = HttpClient.newHttpClient();
    private int httpPort;

    @Test
    void no_password_hash_or_credential_is_ever_logged() throws Exception {
        int redisPort = CtiTestSupport.freePort();
        httpPort = CtiTestSupport.freePort();
        RedisServer redisServer = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1")
                .setting("requirepass " + REDIS_PASSWORD).setting("save \"\"").setting("appendonly no").build();
        redisServer.start();
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redisPort)
                .withPassword(REDIS_PASSWORD.toCharArray()).build());
        try (ScriptedEslServer esl = new ScriptedEslServer("json");
                StatefulRedisConnection<String, String> redis = client.connect()) {
            esl.password = "not-" + ESL_PASSWORD; // FreeSWITCH refuses the service's password first
            var commands = redis.sync();
            commands.hset("cti_exten@" + DOMAIN, "1001", "{\"param\": {\"password\": \"" + EXTENSION_PASSWORD + "\", \"a1-hash\": \""
                    + A1_HASH + "\", \"vm-password\": \"" + VM_PASSWORD + "\"}}");
            commands.hset("cti_exten@" + DOMAIN, "1002", "{\"param\": {\"password\": " + MALFORMED_PASSWORD + "}}");
            commands.hset("cti_gateway@" + DOMAIN, "carrier", gateway("carrier", GATEWAY_PASSWORD));
            commands.hset("cti_gateway@" + DOMAIN, "nouser", "{\"param\": {\"realm\": \"10.0.0.2\", \"password\": \""
                    + REFUSED_GATEWAY_PASSWORD + "\"}}");

            try (ServiceProcess service = ServiceProcess.start(Map.of(
                    "CTI_REDIS_URL", "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redisPort,
                    "CTI_HTTP_PORT", String.valueOf(httpPort),
                    "CTI_HTTP_CREDENTIALS", HTTP_CREDENTIALS,
                    "CTI_ESL_PORT", String.valueOf(esl.port()),
                    "CTI_ESL_PASSWORD", ESL_PASSWORD,
                    "CTI_DOMAIN", DOMAIN))) {
                service.awaitLine(l -> l.contains("xml_curl: /fs/xml open after the warm-up"), ofSeconds(120));
                service.awaitLine(l -> l.contains("ESL") && l.contains("authentication refused"), ofSeconds(30));
                esl.password = ESL_PASSWORD;
                service.awaitLine(l -> l.contains("ESL connected to"), ofSeconds(60));

                HttpResponse<String> user = post(CtiTestSupport.body("sip_auth-REGISTER"), HTTP_CREDENTIALS);
                assertEquals(200, user.statusCode(), service.log());
                assertTrue(user.body().contains(EXTENSION_PASSWORD) && user.body().contains(A1_HASH), user.body());
                post(CtiTestSupport.withField(CtiTestSupport.withField(CtiTestSupport.body("sip_auth-REGISTER"), "user", "1002"),
                        "sip_auth_username", "1002"), HTTP_CREDENTIALS);
                HttpResponse<String> sofia = post(CtiTestSupport.body("configuration-sofia.conf"), HTTP_CREDENTIALS);
                assertTrue(sofia.body().contains(GATEWAY_PASSWORD), sofia.body());
                assertEquals(401, post(CtiTestSupport.body("sip_auth-REGISTER"), "freeswitch:" + EXTENSION_PASSWORD).statusCode());
                assertEquals(401, post(CtiTestSupport.body("sip_auth-REGISTER"), null).statusCode());
                commands.hset("cti_gateway@" + DOMAIN, "live", gateway("live", LIVE_GATEWAY_PASSWORD));

                // every path above was taken and logged
                service.awaitLine(l -> l.contains("startgw live"), ofSeconds(60));
                service.awaitLine(l -> l.contains("field '1002' is not valid JSON"), ofSeconds(10));
                service.awaitLine(l -> l.contains("'nouser'") && l.contains("left out"), ofSeconds(10));
                service.awaitLine(l -> l.contains("refused with 401"), ofSeconds(10));
                service.awaitLine(l -> l.endsWith("Redis at 127.0.0.1:" + redisPort), ofSeconds(10));
                assertTrue(service.stop());

                String log = service.log();
                for (String secret : List.of(REDIS_PASSWORD, "secret-1", ESL_PASSWORD, HTTP_CREDENTIALS, "Zhttp-secret-3", basic(HTTP_CREDENTIALS),
                        EXTENSION_PASSWORD, A1_HASH, VM_PASSWORD, MALFORMED_PASSWORD, GATEWAY_PASSWORD,
                        REFUSED_GATEWAY_PASSWORD, LIVE_GATEWAY_PASSWORD)) {
                    assertFalse(log.contains(secret), secret + " is in the log:\n" + log);
                }
            }
        } finally {
            client.shutdown();
            redisServer.stop();
        }
    }

    private static String gateway(String name, String password) {
        return "{\"param\": {\"realm\": \"10.0.0.1\", \"username\": \"" + name + "\", \"password\": \"" + password + "\"}}";
    }

    private HttpResponse<String> post(String form, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/fs/xml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (credentials != null) {
            request.header("Authorization", basic(credentials));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
