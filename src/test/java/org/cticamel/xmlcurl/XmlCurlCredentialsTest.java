package org.cticamel.xmlcurl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;

import org.cticamel.CtiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CTI_HTTP_CREDENTIALS set: /fs/xml answers only requests carrying them the way mod_xml_curl's
 * gateway-credentials sends them (HTTP basic auth, curl's header); /observe/health stays open.
 */
class XmlCurlCredentialsTest extends CtiTestSupport {

    private static final String CREDENTIALS = "freeswitch:s3cret-pw:with colon";
    private static final String KEY = "cti_exten@127.0.0.1";

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties extraProperties() {
        Properties properties = new Properties();
        properties.put("cti.http.credentials", CREDENTIALS);
        return properties;
    }

    @BeforeEach
    void seed() {
        redisTemplate().opsForHash().put(KEY, "1001", "{\"param\": {\"password\": \"1234\"}}");
    }

    @Test
    void freeswitchs_gateway_credentials_get_the_answer() throws Exception {
        HttpResponse<String> response = postWith(basic(CREDENTIALS));
        assertEquals(200, response.statusCode(), response.body());
        Document doc = parse(response.body());
        assertEquals("1001", xpath(doc, "/document/section[@name='directory']/domain/users/user/@id"));
        assertFalse(response.headers().firstValue("WWW-Authenticate").isPresent());
    }

    @Test
    void wrong_credentials_get_401_and_no_directory() throws Exception {
        for (String wrong : new String[] {basic("freeswitch:s3cret-pw"), basic("other:s3cret-pw:with colon"),
                "Basic " + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(StandardCharsets.UTF_8)) + "x",
                "Bearer " + CREDENTIALS}) {
            HttpResponse<String> response = postWith(wrong);
            assertEquals(401, response.statusCode(), wrong);
            assertEquals("Basic realm=\"cti-camel\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
            assertFalse(response.body().contains("1234"), response.body());
        }
    }

    @Test
    void missing_credentials_get_401() throws Exception {
        HttpResponse<String> response = postWith(null);
        assertEquals(401, response.statusCode());
        assertFalse(response.body().contains("1234"));
        // the form fields never come back as response headers
        assertFalse(response.headers().firstValue("user").isPresent());
    }

    @Test
    void health_stays_open() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/observe/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertNotEquals(401, response.statusCode());
        assertTrue(response.body().contains("esl:freeswitch"), response.body());
    }

    @Test
    void credentials_without_a_colon_stop_the_start_without_showing_them() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new XmlCurlCredentials("Zsecret-only"));
        assertEquals("CTI_HTTP_CREDENTIALS (cti.http.credentials) must be user:password", e.getMessage());
        assertFalse(new XmlCurlCredentials("").rejects(null), "unset: no auth");
    }

    private HttpResponse<String> postWith(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/fs/xml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "freeswitch-xml/1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body("sip_auth-REGISTER")));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** What curl sends for CURLOPT_USERPWD with CURLAUTH_BASIC (mod_xml_curl's default auth-scheme). */
    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }
}
