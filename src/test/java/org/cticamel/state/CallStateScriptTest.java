package org.cticamel.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.cticamel.config.CtiConfig;
import org.cticamel.redis.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The call document's Lua script against a real redis-server, without the service around it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallStateScriptTest {

    private static final CtiConfig CONFIG = new CtiConfig(CtiConfig.Store.OFF,
            new CtiConfig.Store("calls", "", "call-log", List.of("Caller-Destination-Number")), CtiConfig.Store.OFF, CtiConfig.Webhook.OFF,
            List.of());

    private EmbeddedRedis redis;
    private RedisClient client;

    @BeforeAll
    void start() throws Exception {
        redis = EmbeddedRedis.start(0);
        client = RedisClient.create(redis.url());
    }

    @AfterAll
    void stop() throws Exception {
        client.shutdown();
        redis.stop();
    }

    /** Failed sink writes: none expected here. */
    private static final Counter ERRORS = new SimpleMeterRegistry().counter("errors");

    private static CallLegs.CallLeg leg(String extension, String uuid) {
        return new CallLegs.CallLeg(extension, uuid, "vm", CallLegs.CALLOUT, false, List.of("5555"));
    }

    @Test
    void the_new_documents_are_handed_on_in_the_order_the_changes_were_sent() throws Exception {
        try (RedisStores sinks = new RedisStores(CONFIG, client.connect(), 1000, ERRORS)) {
            List<String> copies = Collections.synchronizedList(new ArrayList<>());
            CallState state = new CallState(CONFIG, List.of("Caller-Destination-Number"), () -> sinks,
                    update -> copies.add(update.field() + " " + update.json().replaceAll(".*\"current\":\"([^\"]*)\".*", "$1")));
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                state.apply(leg("e" + i % 7, "u" + i), CallLegs.CALLOUT);
                sent.add("e" + i % 7 + " u" + i);
            }
            await().until(() -> copies.size() == 2000);
            assertEquals(sent, copies);
        }
    }

    /** Two service instances (two connections) adding calls to one extension at once: none is lost. */
    @Test
    void concurrent_changes_of_one_extension_from_two_instances_lose_nothing() throws Exception {
        try (RedisStores one = new RedisStores(CONFIG, client.connect(), 1000, ERRORS);
                RedisStores two = new RedisStores(CONFIG, client.connect(), 1000, ERRORS)) {
            Thread[] writers = new Thread[2];
            for (int w = 0; w < 2; w++) {
                RedisStores sinks = w == 0 ? one : two;
                CallState state = new CallState(CONFIG, List.of("Caller-Destination-Number"), () -> sinks, update -> {
                });
                String prefix = "w" + w + "-";
                writers[w] = new Thread(() -> {
                    try {
                        for (int i = 0; i < 300; i++) {
                            state.apply(leg("2001", prefix + i), CallLegs.CALLOUT);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            for (Thread writer : writers) {
                writer.start();
            }
            for (Thread writer : writers) {
                writer.join();
            }
            await().until(() -> client.connect().sync().llen("call-log") >= 600);
            JsonNode doc = Json.MAPPER.readTree(client.connect().sync().hget("calls", "2001"));
            Set<String> active = new TreeSet<>();
            doc.path("activity").forEach(uuid -> active.add(uuid.asText()));
            assertEquals(600, active.size(), "every call is active");
            active.forEach(uuid -> assertEquals("5555", doc.path(uuid).path("Caller-Destination-Number").asText()));
        }
    }

    /**
     * The script names every key it touches in KEYS (issue 10 item 10): a Cluster routes a script by its keys and
     * refuses one that touches an undeclared key elsewhere. Redis's slow log, set to record every command, shows
     * the EVAL as received: numkeys, then the keys.
     */
    @Test
    void the_script_declares_the_list_it_writes_among_its_keys() throws Exception {
        var admin = client.connect().sync();
        admin.configSet("slowlog-log-slower-than", "0");
        admin.slowlogReset();
        try (RedisStores sinks = new RedisStores(CONFIG, client.connect(), 1000, ERRORS)) {
            new CallState(CONFIG, List.of("Caller-Destination-Number"), () -> sinks, update -> {
            }).apply(leg("3001", "k1"), CallLegs.CALLOUT);
            await().until(() -> admin.hget("calls", "3001") != null);
        } finally {
            admin.configSet("slowlog-log-slower-than", "10000");
        }
        List<String> eval = admin.slowlogGet(128).stream().map(entry -> (List<?>) ((List<?>) entry).get(3))
                .filter(args -> "EVAL".equalsIgnoreCase(String.valueOf(args.get(0))))
                .map(args -> args.stream().map(String::valueOf).toList())
                .findFirst().orElseThrow();
        assertEquals(List.of("2", "calls", "call-log"), eval.subList(2, 5), eval.toString());
    }
}
