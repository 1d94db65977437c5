package org.cticamel.xmlcurl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.cticamel.CtiTestSupport;
import org.cticamel.LogCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The xml-curl route reads mod_xml_curl's form from the body itself: percent-encoded values are decoded,
 * a body past camel.server.max-body-size gets HTTP 413, a field past the limits (cti.xml-curl.max-*) 400, with one WARN line, no ERROR.
 */
class XmlCurlFormTest extends CtiTestSupport {

    private static final String KEY = "cti_exten@127.0.0.1";

    /** HTTP/1.1 as curl speaks it (Java's client would otherwise try an HTTP/2 upgrade). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void seed() {
        redisTemplate().opsForHash().put(KEY, "1001", "{\"param\": {\"password\": \"1234\"}}");
    }

    @Test
    void percent_encoded_values_are_decoded() throws Exception {
        Document doc = postForXml(withField(body("sip_auth-REGISTER"), "user", "%31%30%30%31"));
        assertEquals("1001", xpath(doc, "/document/section[@name='directory']/domain/users/user/@id"));
    }

    @Test
    void an_empty_user_is_not_found() throws Exception {
        assertTrue(isNotFound(postForXml(withField(body("sip_auth-REGISTER"), "user", ""))));
    }

    @Test
    void an_oversize_field_gets_400_and_one_warn_line() throws Exception {
        assertRefused(withField(body("sip_auth-REGISTER"), "sip_user_agent", "x".repeat(8193)), 400, "over 8192 bytes");
    }

    @Test
    void too_many_fields_get_400_and_one_warn_line() throws Exception {
        assertRefused(body("sip_auth-REGISTER") + "&a=1".repeat(256), 400, "more than 256 form fields");
    }

    @Test
    void an_oversize_body_gets_413_and_one_warn_line() throws Exception {
        assertRefused(body("sip_auth-REGISTER") + "&x=" + "y".repeat(4000).repeat(17), 413, "over 65536");
    }

    private void assertRefused(String form, int status, String reason) throws Exception {
        try (LogCapture all = LogCapture.of(""); LogCapture xmlCurl = LogCapture.of("xml-curl")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/fs/xml"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(status, response.statusCode());
            assertEquals("", response.body());
            List<String> lines = xmlCurl.lines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("WARN xml_curl request refused with HTTP " + status + ": ")
                    && lines.get(0).contains(reason), lines.get(0));
            assertEquals(List.of(), all.lines().stream().filter(line -> line.startsWith("ERROR")).toList());
        }
        // and the route still answers
        assertEquals("1001", xpath(postForXml(body("sip_auth-REGISTER")),
                "/document/section[@name='directory']/domain/users/user/@id"));
    }
}
