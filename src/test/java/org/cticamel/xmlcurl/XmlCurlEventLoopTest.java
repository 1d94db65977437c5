package org.cticamel.xmlcurl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.cticamel.CtiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.RedisCallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Route xml-curl runs on the HTTP event loop: a lookup waiting for Redis holds no thread, and many wait at once. */
class XmlCurlEventLoopTest extends CtiTestSupport {

    private static final int LOOKUPS = 64;
    private static final long PAUSE_MS = 1500;

    @Test
    void lookups_waiting_on_redis_hold_no_worker_thread_and_are_all_answered_when_redis_answers() throws Exception {
        redisTemplate().opsForHash().put("cti_exten@127.0.0.1", "1001", "{\"param\":{\"password\":\"1234\"}}");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest lookup = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/fs/xml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body("sip_auth-REGISTER"))).build();

        // Redis holds every client's commands for a while: all the lookups are in flight at once
        redisTemplate().execute((RedisCallback<Object>) c -> c.execute("CLIENT", "PAUSE".getBytes(), String.valueOf(PAUSE_MS).getBytes()));
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < LOOKUPS; i++) {
            answers.add(client.sendAsync(lookup, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("1234", xpath(parse(response.body()), "//param[@name='password']/@value"));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(millis >= PAUSE_MS - 200, "the lookups waited for Redis: " + millis + " ms");

        // Camel's own platform-http consumer runs each route on a Vert.x worker thread, one per waiting lookup
        List<String> workers = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("vert.x-worker-thread")).toList();
        assertEquals(List.of(), workers);
    }

    @Test
    void off_an_event_loop_async_redis_answers_in_the_calling_thread_as_spring_redis_would() throws Exception {
        redisTemplate().opsForHash().put("cti_exten@127.0.0.1", "1002", "{}");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:hget").to("async-redis:hget").setHeader("thread", () -> Thread.currentThread().getName());
            }
        });

        Exchange found = template.request("direct:hget", e -> e.getMessage().setHeaders(
                new HashMap<>(Map.of("CamelRedis.Key", "cti_exten@127.0.0.1", "CamelRedis.Field", "1002"))));
        assertEquals("{}", found.getMessage().getBody());
        // not Lettuce's thread: a blocking step after it there would stall every Redis answer
        assertEquals(Thread.currentThread().getName(), found.getMessage().getHeader("thread"));
        assertNull(template.requestBodyAndHeaders("direct:hget", "before",
                Map.of("CamelRedis.Key", "cti_exten@127.0.0.1", "CamelRedis.Field", "1003"), String.class));
    }
}
