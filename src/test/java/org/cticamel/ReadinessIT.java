package org.cticamel;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar accepts connections only when /fs/xml answers: polled from before launch, the first
 * accepted request and every one after it get a directory answer (HTTP 200), never a 404. The warm-up before
 * it ran over HTTP and is not counted as FreeSWITCH's requests.
 */
class ReadinessIT {

    @Test
    void from_the_first_accepted_connection_fs_xml_answers_and_never_404() throws Exception {
        int httpPort = CtiTestSupport.freePort();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest lookup = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/fs/xml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(CtiTestSupport.body("sip_auth-REGISTER"))).build();
        List<Integer> statuses = new ArrayList<>();
        try (ServiceProcess service = ServiceProcess.start(Map.of("CTI_HTTP_PORT", String.valueOf(httpPort)))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (statuses.size() < 200 && System.nanoTime() < deadline && service.isAlive()) {
                try {
                    statuses.add(http.send(lookup, HttpResponse.BodyHandlers.discarding()).statusCode());
                } catch (ConnectException refused) {
                    Thread.sleep(5); // not listening yet: that is what FreeSWITCH should see, not a 404
                }
            }
            assertEquals(200, statuses.size(), service.log());
            assertTrue(statuses.stream().allMatch(status -> status == 200), statuses.toString());
            // the warm-up went over HTTP (a loopback listener of the same routes) and ran lookups
            assertTrue(service.output().stream().anyMatch(line -> line.matches(".*xml_curl: /fs/xml open after the warm-up \\([1-9][0-9]* lookups over HTTP in .*")), service.log());
            // ... which FreeSWITCH did not make: only our 200 lookups are counted
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/observe/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double counted = metrics.lines().filter(line -> line.startsWith("cti_xml_curl_requests_seconds_count{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
            assertEquals(200.0, counted, metrics);
        }
    }
}
