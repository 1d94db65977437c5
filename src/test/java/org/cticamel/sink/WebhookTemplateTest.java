package org.cticamel.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook templates instantiated twice from YAML only (src/test/resources/sinks/): each receiver gets
 * every update, in the feed's order, as the JSON envelope; one failing at first is retried without holding
 * up the other.
 */
class WebhookTemplateTest extends SinkTestSupport {

    private final List<String> receivedByA = new CopyOnWriteArrayList<>();
    private final List<String> receivedByB = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresOfB = new AtomicInteger(2);
    // set from extraProperties(), which runs in the constructor: no initializers
    private HttpServer receivers;

    @Override
    protected String extraRoutes() {
        return "classpath:sinks/sink-two-receivers.camel.yaml";
    }

    @Override
    protected Properties extraProperties() {
        try {
            receivers = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receivers.createContext("/a", exchange -> answer(exchange, receivedByA, new AtomicInteger()));
        receivers.createContext("/b", exchange -> answer(exchange, receivedByB, failuresOfB));
        receivers.start();
        String base = "http://127.0.0.1:" + receivers.getAddress().getPort();
        Properties properties = new Properties();
        properties.put("test.receiver-a", base + "/a?httpMethod=POST&connectTimeout=1000&responseTimeout=1000");
        properties.put("test.receiver-b", base + "/b?httpMethod=POST&connectTimeout=1000&responseTimeout=1000");
        return properties;
    }

    private static void answer(HttpExchange exchange, List<String> received, AtomicInteger failures)
            throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = failures.getAndDecrement() > 0 ? 500 : 200;
            if (status == 200) {
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @AfterAll
    void stopReceivers() {
        receivers.stop(0);
    }

    @Test
    void two_receivers_from_yaml_each_get_every_update_in_order() {
        feed(registration("1001", "{\"n\":1}"), registration("1002", "{\"n\":2}"), registration("1003", "{\"n\":3}"));
        List<String> expected = List.of(
                "POST application/json {\"kind\":\"registration\",\"action\":\"set\",\"field\":\"1001\",\"node\":\"fs1\",\"data\":{\"n\":1}}",
                "POST application/json {\"kind\":\"registration\",\"action\":\"set\",\"field\":\"1002\",\"node\":\"fs1\",\"data\":{\"n\":2}}",
                "POST application/json {\"kind\":\"registration\",\"action\":\"set\",\"field\":\"1003\",\"node\":\"fs1\",\"data\":{\"n\":3}}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(expected, receivedByA));
        // b refused the first two POSTs (HTTP 500): retried, still in order
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(expected, receivedByB));
        assertTrue(failuresOfB.get() < 0, "b's two failures were answered");
    }
}
