package org.cticamel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the packaged jar listens and what it refuses: /fs/xml on loopback by default; on any other address
 * only with CTI_HTTP_CREDENTIALS or the explicit CTI_HTTP_ALLOW_ANONYMOUS=true; /observe/* movable to its own
 * CTI_MANAGEMENT_HOST / CTI_MANAGEMENT_PORT.
 */
class HttpExposureIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void all_interfaces_without_credentials_is_one_line_and_exit_status_1() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Map.of("CTI_HTTP_HOST", "0.0.0.0",
                "CTI_HTTP_PORT", String.valueOf(CtiTestSupport.freePort())))) {
            assertEquals(Integer.valueOf(1), service.exitStatus(ofSeconds(120)), service.log());
            List<String> errors = service.output().stream().filter(l -> l.contains(" ERROR ")).toList();
            assertEquals(1, errors.size(), service.log());
            assertTrue(errors.get(0).contains("Not started: CTI_HTTP_HOST 0.0.0.0 is reachable from other hosts"), errors.get(0));
            assertFalse(service.log().contains("\tat "), "no stack trace:\n" + service.log());
        }
    }

    @Test
    void the_explicit_opt_out_starts_and_observe_moves_to_its_own_port() throws Exception {
        int httpPort = CtiTestSupport.freePort();
        int managementPort = CtiTestSupport.freePort();
        try (ServiceProcess service = ServiceProcess.start(Map.of("CTI_HTTP_HOST", "0.0.0.0", "CTI_HTTP_ALLOW_ANONYMOUS", "true",
                "CTI_HTTP_PORT", String.valueOf(httpPort), "CTI_MANAGEMENT_HOST", "127.0.0.1",
                "CTI_MANAGEMENT_PORT", String.valueOf(managementPort)))) {
            service.awaitLine(l -> l.contains("xml_curl: /fs/xml open after the warm-up"), ofSeconds(120));
            assertEquals(200, post(httpPort).statusCode(), service.log());
            // health answers (503 until FreeSWITCH is there) on its own port only
            assertTrue(List.of(200, 503).contains(get(managementPort, "/observe/health").statusCode()), service.log());
            assertEquals(404, get(httpPort, "/observe/health").statusCode());
            assertEquals(404, get(httpPort, "/observe/metrics").statusCode());
        }
    }

    private HttpResponse<String> post(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fs/xml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(CtiTestSupport.body("sip_auth-REGISTER"))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
