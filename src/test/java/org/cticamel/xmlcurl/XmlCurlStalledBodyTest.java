package org.cticamel.xmlcurl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import org.cticamel.CtiTestSupport;
import org.cticamel.LogCapture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests whose body stalls (headers with a Content-Length, then silence) must not hold the threads that
 * answer FreeSWITCH: more of them than Vert.x has worker threads (20), and a real lookup is still answered at
 * once; each stalled one ends with 503 at the request timeout, one WARN line, no ERROR. A caller without
 * credentials gets its 401 without the body being waited for.
 */
class XmlCurlStalledBodyTest extends CtiTestSupport {

    private static final String CREDENTIALS = "freeswitch:pw";
    private static final int REQUEST_MS = 4000;
    /** More than Vert.x's worker pool (20 threads). */
    private static final int STALLED = 30;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    protected Properties extraProperties() {
        Properties properties = new Properties();
        properties.put("cti.http.credentials", CREDENTIALS);
        properties.put("cti.http.request-timeout-ms", String.valueOf(REQUEST_MS));
        return properties;
    }

    @Test
    void stalled_bodies_hold_no_thread_a_lookup_needs() throws Exception {
        redisTemplate().opsForHash().put("cti_exten@127.0.0.1", "1001", "{\"param\": {\"password\": \"1234\"}}");
        List<Socket> stalled = new ArrayList<>();
        try (LogCapture all = LogCapture.of("")) {
            try {
                for (int i = 0; i < STALLED; i++) {
                    stalled.add(stall(basic(CREDENTIALS)));
                }
                long start = System.nanoTime();
                HttpResponse<String> lookup = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/fs/xml"))
                        .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", basic(CREDENTIALS))
                        .POST(HttpRequest.BodyPublishers.ofString(body("sip_auth-REGISTER"))).build(), HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, lookup.statusCode(), lookup.body());
                assertTrue(lookup.body().contains("id=\"1001\""), lookup.body());
                assertTrue(ms < REQUEST_MS / 2, "answered after " + ms + " ms while " + STALLED + " bodies stall");
                for (Socket socket : stalled) {
                    String answer = readToEnd(socket.getInputStream());
                    assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                }
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
            List<String> lines = all.lines();
            assertEquals(List.of(), lines.stream().filter(line -> line.startsWith("ERROR")).toList());
            long warned = lines.stream().filter(line -> line.startsWith("WARN") && line.contains("503")).count();
            assertTrue(warned >= 1 && warned <= STALLED, warned + " WARN lines for " + STALLED + " stalled requests: " + lines);
        }
    }

    @Test
    void a_caller_without_credentials_gets_401_without_its_body_being_waited_for() throws Exception {
        try (Socket socket = stall(null)) {
            long start = System.nanoTime();
            String answer = readAnswer(socket.getInputStream());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertTrue(ms < REQUEST_MS / 2, "401 after " + ms + " ms");
        }
    }

    /** A request whose headers promise 1000 bytes of body, of which a few come; then nothing. */
    private Socket stall(String authorization) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", httpPort));
        socket.setSoTimeout(REQUEST_MS + 10_000);
        socket.getOutputStream().write(("POST /fs/xml HTTP/1.1\r\nHost: x\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nsection=dir")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Everything until the server closes the connection (a stalled request's connection is not kept). */
    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }

    /** The first bytes of the answer (the connection may stay open). */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n = in.read(buffer);
        out.write(buffer, 0, Math.max(n, 0));
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }
}
