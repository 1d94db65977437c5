package org.cticamel.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.cticamel.esl.EslTestSupport;
import org.cticamel.esl.ScriptedEslServer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.cticamel.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook sink against a real HTTP receiver on loopback: the replayed FreeSWITCH stream (registrations,
 * gateways, a call) arrives as JSON envelopes; failures are retried, then given up with one line; a slow receiver delays nothing else.
 */
class WebhookSinkTest extends EslTestSupport {

    private static final String STREAM = "esl-json.txt";
    private static final String PASSWORD = "s3cret-pw";
    private static final int QUEUE = 20;
    private static final int RETRIES = 3;

    /** One request as the receiver saw it. */
    record Received(String method, String contentType, String authorization, String body) {
        Map<String, Object> envelope() {
            return map(body);
        }

        String field() {
            return (String) envelope().get("field");
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToAnswer = new AtomicInteger();
    private volatile CountDownLatch hold;
    // set from extraProperties(), which runs in the constructor: no initializers
    private ExecutorService receiverThreads;
    private int receiverPort;
    private HttpServer receiver;

    @Override
    protected Properties extraProperties() {
        Properties properties = super.extraProperties();
        try {
            receiverPort = freePort();
            startReceiver();
            String json = Files.readString(Path.of("src/test/resources/esl/cti.json")).strip();
            // the test's gui section, plus a webhook with credentials, short timeout and backoff, a tiny queue
            String webhook = """
                    , "webhook": {"url": "http://hook:%s@127.0.0.1:%d/cti?team=a", "timeout-ms": 1000,
                                  "retries": %d, "backoff-ms": 20, "queue": %d}}""".formatted(PASSWORD, receiverPort, RETRIES, QUEUE);
            Path config = Files.createTempFile("cti-webhook", ".json");
            config.toFile().deleteOnExit();
            Files.writeString(config, json.substring(0, json.length() - 1) + webhook);
            properties.put("cti.config", config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the example log sink as another sink the webhook must not hold up
        properties.put("cti.sinks.log.enabled", "true");
        Configurator.setLevel("log-sink", Level.INFO);
        // read by LogCapture, not printed: hundreds of lines
        ((Logger) LogManager.getLogger("log-sink")).setAdditive(false);
        properties.put("cti.webhook.dropped-log-ms", "100");
        return properties;
    }

    private void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 50);
        // a thread per request: a held request does not hold up the next
        receiverThreads = Executors.newCachedThreadPool();
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/cti", this::answer);
        receiver.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            received.add(request);
            CountDownLatch held = hold;
            if (held != null) {
                held.await(30, TimeUnit.SECONDS);
            }
            int status = failuresToAnswer.getAndDecrement() > 0 ? 500 : 200;
            exchange.sendResponseHeaders(status, -1);
            if (status == 200) {
                delivered.add(request.field());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    void stopReceiver() {
        receiver.stop(0);
        receiverThreads.shutdownNow();
    }

    /** Receiver up and answering 200, everything earlier delivered (the queue is FIFO: a marker last proves it), Redis empty. */
    @BeforeEach
    void receiverUpAndQueueDrained() throws Exception {
        hold = null;
        failuresToAnswer.set(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.commands.contains("bgapi sofia xmlstatus"));
        peer.send(register("marker"));
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.contains("marker"));
        received.clear();
        delivered.clear();
        redisTemplate().delete(List.of("registrations", "registration-log", "gateways", "gateway-log", "calls"));
    }

    private static String body(byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        return text.substring(text.indexOf("\n\n") + 2);
    }

    /** The captured sofia::register of 1001, as extension {@code user}. */
    private static byte[] register(String user) throws IOException {
        String register = body(ScriptedEslServer.eventFrames(STREAM, "sofia::register").get(0));
        return ScriptedEslServer.frame("json", register.replace("\"from-user\":\"1001\"", "\"from-user\":\"" + user + "\""));
    }

    private List<String> fields() {
        return received.stream().map(Received::field).toList();
    }

    @Test
    void registrations_and_gateway_changes_arrive_as_json_envelopes_holding_what_redis_holds() throws Exception {
        byte[] register = ScriptedEslServer.eventFrames(STREAM, "sofia::register").get(0);
        List<byte[]> gatewayEvents = ScriptedEslServer.eventFrames(STREAM).stream()
                .filter(frame -> body(frame).contains("\"Event-Subclass\":\"sofia::gateway_")).toList();

        peer.send(register);
        send(gatewayEvents);

        await().untilAsserted(() -> assertEquals(1 + gatewayEvents.size(), received.size()));
        Received registration = received.stream().filter(r -> "registration".equals(r.envelope().get("kind"))).findFirst().orElseThrow();
        assertEquals("POST", registration.method());
        assertEquals("application/json", registration.contentType());
        assertEquals("Basic " + Base64.getEncoder().encodeToString(("hook:" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
                registration.authorization());
        Map<String, Object> envelope = registration.envelope();
        assertEquals(Set.of("kind", "action", "field", "node", "data"), envelope.keySet());
        assertEquals("set", envelope.get("action"));
        assertEquals("1001", envelope.get("field"));
        assertEquals("vm", envelope.get("node"));
        // the document itself, as a JSON object (not a string), exactly what the registrations hash holds
        assertEquals(map(hget("registrations", "1001")), envelope.get("data"));
        assertEquals(map(body(register)), envelope.get("data"));

        // every gateway change, the delete (a remove) included, as the gateway-log list has them
        List<Map<String, Object>> gateways = received.stream().map(Received::envelope).filter(e -> "gateway".equals(e.get("kind"))).toList();
        List<Object> logged = redisTemplate().opsForList().range("gateway-log", 0, -1).stream().map(EslTestSupport::map).collect(Collectors.toList());
        assertEquals(sorted(logged), sorted(gateways.stream().map(e -> e.get("data")).toList()));
        assertTrue(gateways.stream().allMatch(e -> "gw5090".equals(e.get("field"))), gateways.toString());
        assertEquals(1, gateways.stream().filter(e -> "remove".equals(e.get("action"))).count());
    }

    @Test
    void a_calls_changes_arrive_with_the_document_the_calls_hash_holds() throws Exception {
        for (byte[] frame : ScriptedEslServer.eventFrames(STREAM)) {
            Map<String, String> event = new LinkedHashMap<>();
            map(body(frame)).forEach((name, value) -> event.put(name, String.valueOf(value)));
            if (event.get("Event-Name").startsWith("CHANNEL_")) {
                // the captured call, placed by phone 1001 once authenticated
                event.put("variable_user_name", "1001");
                event.put("variable_sip_authorized", "true");
                peer.send(peer.event(event, null));
            }
        }

        await().untilAsserted(() -> assertEquals(3, received.size()));
        List<Map<String, Object>> calls = received.stream().map(Received::envelope).toList();
        assertTrue(calls.stream().allMatch(e -> "call".equals(e.get("kind")) && "set".equals(e.get("action"))
                && "1001".equals(e.get("field")) && "vm".equals(e.get("node"))), calls.toString());
        assertEquals(Set.of("callout", "answer", "hangup"), calls.stream().map(e -> ((Map<?, ?>) e.get("data")).get("notify")).collect(Collectors.toSet()));
        Map<String, Object> hangup = calls.stream().filter(e -> "hangup".equals(((Map<?, ?>) e.get("data")).get("notify"))).findFirst().orElseThrow();
        assertEquals(map(hget("calls", "1001")), hangup.get("data"));
    }

    private static List<String> sorted(List<Object> documents) {
        return documents.stream().map(String::valueOf).sorted().toList();
    }

    @Test
    void a_receiver_failing_twice_gets_the_update_on_the_third_try() throws Exception {
        failuresToAnswer.set(2);
        try (LogCapture gaveUp = LogCapture.of("webhook-gave-up")) {
            peer.send(register("1002"));

            await().untilAsserted(() -> assertEquals(List.of("1002", "1002", "1002"), fields()));
            assertEquals(-1, failuresToAnswer.get(), "the third try was answered 200");
            assertEquals(List.of(), gaveUp.lines());
        }
    }

    @Test
    void a_dead_receiver_is_given_up_with_one_line_and_redis_is_not_kept_waiting() throws Exception {
        stopReceiver();
        double droppedBefore = droppedMeter();
        try (LogCapture gaveUp = LogCapture.of("webhook-gave-up"); LogCapture everything = LogCapture.of("")) {
            peer.send(register("1003"));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertNotNull(hget("registrations", "1003")));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(1, gaveUp.lines().size()));
            String line = gaveUp.lines().get(0);
            assertTrue(line.startsWith("WARN Webhook http://127.0.0.1:" + receiverPort + "/cti?... gave up on registration set 1003 after "
                    + RETRIES + " retries: "), line);
            assertTrue(line.contains("Connection refused") || line.contains("Connect"), line);
            assertTrue(everything.lines().stream().noneMatch(l -> l.contains(PASSWORD)), everything.lines().toString());
            assertEquals(droppedBefore + 1, droppedMeter());
        } finally {
            startReceiver();
        }
        assertFalse(context.getRegistry().lookupByName("ctiConfig").toString().contains(PASSWORD));
    }

    @Test
    void a_receiver_that_never_answers_times_out_and_is_given_up() throws Exception {
        hold = new CountDownLatch(1);
        try (LogCapture gaveUp = LogCapture.of("webhook-gave-up")) {
            peer.send(register("1004"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(1, gaveUp.lines().size()));
            assertTrue(gaveUp.lines().get(0).contains("gave up on registration set 1004 after " + RETRIES + " retries: "), gaveUp.lines().toString());
            assertEquals(List.of("1004", "1004", "1004", "1004"), fields());
        } finally {
            hold.countDown();
        }
    }

    @Test
    void a_stuck_receiver_delays_neither_redis_nor_the_other_sinks_and_its_queue_stays_bounded() throws Exception {
        hold = new CountDownLatch(1);
        int updates = 200;
        double droppedBefore = droppedMeter();
        try (LogCapture logSink = LogCapture.of("log-sink"); LogCapture dropped = LogCapture.of("cti.webhook.queue-full.dropped");
                LogCapture gaveUp = LogCapture.of("webhook-gave-up")) {
            send(IntStream.range(0, updates).mapToObj(i -> {
                try {
                    return register("s" + i);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList());

            // every update in Redis and through the log sink while the receiver still holds the first POST (each
            // POST of a webhook in their way would take a second, its timeout)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(updates, redisTemplate().opsForHash().size("registrations")));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(updates,
                    logSink.lines().stream().filter(line -> line.contains("registration set s")).count()));
            assertEquals(1, fields().stream().distinct().count(), "one update in flight: " + fields());

            // the rest waited in the queue (at most QUEUE of them) or were dropped and counted
            await().atMost(Duration.ofSeconds(10)).until(() -> droppedSoFar(dropped) >= updates - 1 - QUEUE);
            hold.countDown();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(
                    () -> assertEquals(updates, fields().stream().distinct().count() + droppedSoFar(dropped)));
            assertTrue(fields().stream().distinct().count() <= 1 + QUEUE, fields().toString());
            // in FreeSWITCH's order, both sinks: the log sink got all, the webhook those it did not drop
            List<String> sent = IntStream.range(0, updates).mapToObj(i -> "s" + i).toList();
            assertEquals(sent, logSink.lines().stream().filter(line -> line.contains("registration set s"))
                    .map(line -> line.split(" ")[3]).toList());
            List<String> posted = fields().stream().distinct().toList();
            assertEquals(sent.stream().filter(posted::contains).toList(), posted);
            assertEquals(droppedBefore + droppedSoFar(dropped) + gaveUp.lines().size(), droppedMeter());
        } finally {
            hold.countDown();
        }
    }

    /** cti_webhook_dropped_total: updates the webhook dropped or gave up on. */
    private double droppedMeter() {
        return context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class)
                .get("cti.webhook.dropped").counter().count();
    }

    /** The total of the throughput logger's last line: "Received: 3 new messages, with total 194 so far. ...". */
    private static long droppedSoFar(LogCapture dropped) {
        long total = 0;
        for (String line : dropped.lines()) {
            Matcher matcher = Pattern.compile("with total (\\d+) so far").matcher(line);
            if (matcher.find()) {
                total = Math.max(total, Long.parseLong(matcher.group(1)));
            }
        }
        return total;
    }
}
