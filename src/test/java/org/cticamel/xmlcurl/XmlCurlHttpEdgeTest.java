package org.cticamel.xmlcurl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;

import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.cticamel.CtiTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a stranger reaching /fs/xml meets before any credentials are checked (POST only: DirectoryTest): credentials only in
 * the Authorization header, a body cap, idle and stalled connections closed, a request
 * timeout; and who may change what the service records as given to FreeSWITCH.
 */
class XmlCurlHttpEdgeTest extends CtiTestSupport {

    private static final String CREDENTIALS = "freeswitch:pw";
    private static final int IDLE_MS = 2000;
    private static final int REQUEST_MS = 1000;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties extraProperties() {
        Properties properties = new Properties();
        properties.put("cti.http.credentials", CREDENTIALS);
        properties.put("cti.http.idle-timeout-ms", String.valueOf(IDLE_MS));
        properties.put("cti.http.request-timeout-ms", String.valueOf(REQUEST_MS));
        return properties;
    }

    @Test
    void credentials_in_a_form_field_or_query_parameter_are_no_credentials() throws Exception {
        String form = body("sip_auth-REGISTER");
        String authorization = URLEncoder.encode(basic(CREDENTIALS), StandardCharsets.UTF_8);
        assertEquals(401, postForm("/fs/xml", form + "&Authorization=" + authorization, null).statusCode());
        assertEquals(401, postForm("/fs/xml?Authorization=" + authorization, form, null).statusCode());
        assertEquals(200, postForm("/fs/xml", form, basic(CREDENTIALS)).statusCode());
    }

    @Test
    void a_body_over_the_cap_gets_413() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/fs/xml")).header("Authorization", basic(CREDENTIALS))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[64 * 1024 + 1])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertEquals(200, postForm("/fs/xml", body("sip_auth-REGISTER"), basic(CREDENTIALS)).statusCode(), "the cap is per request");
    }

    @Test
    void an_idle_connection_is_closed() throws Exception {
        assertClosedWithin(new byte[0], IDLE_MS + 5000);
    }

    @Test
    void a_connection_stalled_in_its_headers_is_closed() throws Exception {
        assertClosedWithin("POST /fs/xml HTTP/1.1\r\nHost: x\r\nContent-".getBytes(StandardCharsets.US_ASCII), IDLE_MS + 5000);
    }

    @Test
    void a_request_stalled_in_its_body_gets_503_within_the_request_timeout() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", httpPort));
            socket.setSoTimeout(IDLE_MS + 5000);
            long start = System.nanoTime();
            socket.getOutputStream().write(("POST /fs/xml HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic(CREDENTIALS)
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nsection=dir")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readAvailable(socket.getInputStream());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
            assertTrue(ms < IDLE_MS, "503 after " + ms + " ms, before the idle timeout");
        }
    }

    /** Without credentials configured only loopback callers count as FreeSWITCH; with them, whoever passed. */
    @Test
    void only_freeswitchs_requests_may_record_what_it_was_given() {
        assertFalse(new FreeswitchCaller(false).matches(from("192.0.2.7")), "a stranger");
        assertTrue(new FreeswitchCaller(false).matches(from("127.0.0.1")));
        assertTrue(new FreeswitchCaller(false).matches(from("::1")));
        assertTrue(new FreeswitchCaller(true).matches(from("192.0.2.7")), "carried the credentials");
        assertFalse(new FreeswitchCaller(false).matches(new DefaultExchange(context)), "no address: not HTTP");
    }

    @Test
    void a_non_loopback_bind_needs_credentials_or_the_explicit_opt_out() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> XmlCurlExposure.check("0.0.0.0", "", false));
        assertTrue(refused.getMessage().startsWith("CTI_HTTP_HOST 0.0.0.0 is reachable from other hosts"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> XmlCurlExposure.check("192.0.2.7", null, false));
        XmlCurlExposure.check("0.0.0.0", CREDENTIALS, false);
        XmlCurlExposure.check("0.0.0.0", "", true);
        XmlCurlExposure.check("127.0.0.1", "", false);
        XmlCurlExposure.check("localhost", "", false);
    }

    private Exchange from(String address) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader("CamelVertxPlatformHttpRemoteAddress", SocketAddress.inetSocketAddress(5060, address));
        return exchange;
    }

    /** Sends {@code bytes} and expects the server to close the connection (EOF) within {@code ms}. */
    private void assertClosedWithin(byte[] bytes, int ms) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", httpPort));
            socket.setSoTimeout(ms);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            try {
                assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
            } catch (SocketTimeoutException e) {
                throw new AssertionError("still open after " + ms + " ms", e);
            }
        }
    }

    /** Reads until the answer pauses (the server keeps the connection) or ends. */
    private static String readAvailable(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n = in.read(buffer);
        while (n > 0) {
            out.write(buffer, 0, n);
            n = in.available() > 0 ? in.read(buffer) : -1;
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private HttpResponse<String> postForm(String path, String form, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }
}
