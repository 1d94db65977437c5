package org.cticamel;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.cticamel.redis.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Boots the real service (camel-main, routes/ and templates/ of the repo) once per test class against a
 * real redis-server of its own on a free port, and talks to it the way FreeSWITCH does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CtiTestSupport extends CamelMainTestSupport {

    protected EmbeddedRedis redis;
    protected int httpPort;
    private final HttpClient http = HttpClient.newHttpClient();

    /** The service's own configurations, in its order. */
    @Override
    protected void configure(MainConfigurationProperties configuration) {
        CtiApplication.configurations().forEach(configuration::addConfiguration);
    }

    /** Called from the constructor: fields are set here, without initializers that would overwrite them. */
    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        try {
            redis = EmbeddedRedis.start(0);
            httpPort = freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Properties properties = new Properties();
        properties.put("cti.redis.url", redis.url());
        properties.put("camel.server.port", String.valueOf(httpPort));
        properties.put("camel.main.routes-reload-enabled", "false");
        // a loaded CI machine must not turn a slow Redis reply into "not found" (RedisOutageTest sets its own)
        properties.put("cti.redis.timeout-ms", "3000");
        properties.putAll(extraProperties());
        configuration.withUseOverridePropertiesWithPropertiesComponent(properties);
    }

    /** Properties a test class adds or overrides. */
    protected Properties extraProperties() {
        return new Properties();
    }

    /** The service first, so that it does not log Redis going away. */
    @AfterAll
    void stopServiceThenRedis() throws IOException {
        context.stop();
        redis.stop();
    }

    /** The service's own String template, for arranging and checking what is in Redis. */
    protected StringRedisTemplate redisTemplate() {
        return context.getRegistry().lookupByNameAndType("redisTemplate", StringRedisTemplate.class);
    }

    /** A real request body captured from FreeSWITCH (src/test/resources/xml_curl/). */
    protected static String body(String name) {
        try (InputStream in = CtiTestSupport.class.getResourceAsStream("/xml_curl/" + name + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("no test body " + name, e);
        }
    }

    /** The body with one form field's value replaced (the value given URL-encoded, as FreeSWITCH sends it). */
    protected static String withField(String body, String field, String encodedValue) {
        String replaced = body.replaceFirst("(^|&)" + field + "=[^&]*", "$1" + field + "=" + encodedValue.replace("$", "\\$"));
        if (replaced.equals(body) && !body.contains(field + "=" + encodedValue)) {
            throw new IllegalArgumentException("no field " + field);
        }
        return replaced;
    }

    protected HttpResponse<String> post(String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/fs/xml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "freeswitch-xml/1.0")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** POSTs the form, expects HTTP 200 and returns the parsed XML document. */
    protected Document postForXml(String form) throws Exception {
        HttpResponse<String> response = post(form);
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    protected static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    protected static String xpath(Document doc, String expression) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expression, doc);
    }

    protected static NodeList nodes(Document doc, String expression) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(expression, doc, XPathConstants.NODESET);
    }

    /** True when the document is exactly FreeSWITCH's "not found" answer. */
    protected static boolean isNotFound(Document doc) throws Exception {
        Element root = doc.getDocumentElement();
        return root.getTagName().equals("document")
                && "freeswitch/xml".equals(root.getAttribute("type"))
                && xpath(doc, "count(/document/section)").equals("1")
                && xpath(doc, "/document/section/@name").equals("result")
                && xpath(doc, "/document/section/result/@status").equals("not found");
    }

    protected static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
