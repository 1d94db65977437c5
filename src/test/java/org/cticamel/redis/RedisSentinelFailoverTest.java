package org.cticamel.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import org.cticamel.CtiTestSupport;
import org.cticamel.esl.ScriptedEslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failover with real processes: a master, its replica and three sentinels; the service connected through
 * Sentinel. The master is SIGKILLed while FreeSWITCH asks for users and sends registrations. Lookups never
 * hang (not-found while no master answers) and find users again within 5 s of the promotion; after the resync
 * that follows, the registrations hash equals FreeSWITCH's state; live changes work on the new master.
 */
class RedisSentinelFailoverTest extends CtiTestSupport {

    private static final String DIRECTORY = "cti_exten@127.0.0.1";
    private static final String DOMAIN = "pbx.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    // set from the constructor (extraProperties): no initializers, they would run after it
    private RedisProcesses processes;
    private RedisProcesses.Node master;
    private RedisProcesses.Node replica;
    private List<RedisClient> clients;
    private RedisSentinelCommands<String, String> sentinel;
    private ScriptedEslServer peer;

    @Override
    protected Properties extraProperties() {
        StringBuilder url = new StringBuilder("redis-sentinel://");
        try {
            processes = new RedisProcesses();
            clients = new ArrayList<>();
            master = processes.server();
            replica = processes.server("--replicaof", "127.0.0.1", String.valueOf(master.port()));
            List<RedisProcesses.Node> sentinels = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sentinels.add(processes.sentinel(master));
                url.append(i == 0 ? "" : ",").append(sentinels.get(i).address());
            }
            peer = new ScriptedEslServer("json");
            peer.jobOutputs.put("show channels as json", "{\"row_count\":0}");
            registrationsShown(Map.of());
            // every sentinel knows the replica and the two others: a failover can be voted
            for (RedisProcesses.Node node : sentinels) {
                RedisSentinelCommands<String, String> commands = client(node).connectSentinel().sync();
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    Map<String, String> watched = commands.master("mymaster");
                    return "1".equals(watched.get("num-slaves")) && "2".equals(watched.get("num-other-sentinels"));
                });
                sentinel = commands;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties properties = new Properties();
        properties.put("cti.redis.url", url.append("#mymaster").toString());
        properties.put("cti.redis.timeout-ms", "1000");
        properties.put("cti.redis.notifications-check-ms", "500");
        properties.put("camel.component.esl.port", String.valueOf(peer.port()));
        properties.put("cti.config", "src/test/resources/esl/cti.json");
        properties.put("cti.domain", DOMAIN);
        properties.put("cti.sinks.log.enabled", "true"); // a sink route takes the copies
        properties.put("camel.component.esl.reconnect-min-ms", "50");
        properties.put("camel.component.esl.reconnect-max-ms", "400");
        return properties;
    }

    private RedisClient client(RedisProcesses.Node node) {
        RedisClient client = RedisClient.create("redis://" + node.address());
        clients.add(client);
        return client;
    }

    @AfterAll
    void stopServiceThenRedis() throws IOException {
        context.stop();
        clients.forEach(RedisClient::shutdown);
        peer.close();
        processes.close();
    }

    /** One lookup as FreeSWITCH makes it: when it started and ended, and what came back. */
    private record Lookup(long started, long ended, String answer) {
    }

    @Test
    void a_killed_master_is_replaced_and_nothing_hangs_or_stays_wrong() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> peer.commands.contains("bgapi show registrations as json"));
        RedisCommands<String, String> first = client(master).connect().sync();
        first.hset(DIRECTORY, "1001", "{\"param\":{\"password\":\"1234\"}}");
        first.waitForReplication(1, 2000);
        assertEquals("found", lookup().answer());

        AtomicBoolean running = new AtomicBoolean(true);
        List<Lookup> lookups = new CopyOnWriteArrayList<>();
        Map<String, String> registered = new ConcurrentHashMap<>();
        List<Thread> load = List.of(
                thread(() -> {
                    while (running.get()) {
                        lookups.add(lookup());
                    }
                    return null;
                }),
                thread(() -> {
                    // FreeSWITCH's registrations change, then it says so; ~100 events/s over 20 phones
                    for (int i = 0; running.get(); i++) {
                        String user = String.valueOf(4000 + i % 20);
                        boolean register = !registered.containsKey(user);
                        if (register) {
                            registered.put(user, "c-" + i);
                        } else {
                            registered.remove(user);
                        }
                        registrationsShown(registered);
                        peer.send(peer.event(registration(register ? "sofia::register" : "sofia::unregister", user, register ? "c-" + i
                                : "gone"), null));
                        LockSupport.parkNanos(10_000_000); // the pace of the load, not a wait for an outcome
                    }
                    return null;
                }));
        try {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> redisTemplate().opsForHash().size("registrations") >= 5
                    && lookups.stream().filter(l -> l.answer().equals("found")).count() >= 20);
            int resyncsBefore = resyncs();

            master.kill();
            long killed = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ((InetSocketAddress) sentinel.getMasterAddrByName("mymaster")).getPort() == replica.port());
            long promoted = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> lookups.stream().anyMatch(l -> l.started() > promoted && l.answer().equals("found")));
            long resumed = lookups.stream().filter(l -> l.started() > promoted && l.answer().equals("found")).findFirst().orElseThrow().ended();
            // the resync that follows: FreeSWITCH is asked again, with events still flowing
            await().atMost(Duration.ofSeconds(10)).until(() -> resyncs() > resyncsBefore);
            running.set(false);
            for (Thread thread : load) {
                thread.join(10_000);
            }

            List<Lookup> during = lookups.stream().filter(l -> l.ended() > killed && l.started() < resumed).toList();
            assertTrue(lookups.stream().allMatch(l -> l.answer().equals("found") || l.answer().equals("not found")),
                    "every answer is the user or FreeSWITCH's not-found: " + lookups.stream().map(Lookup::answer).distinct().toList());
            long slowest = lookups.stream().mapToLong(l -> l.ended() - l.started()).max().orElseThrow() / 1_000_000;
            assertTrue(slowest < 3000, "no lookup hangs: slowest " + slowest + " ms");
            assertTrue(during.stream().anyMatch(l -> l.answer().equals("not found")), "without a master: not found");
            System.out.printf("failover: promoted %d ms after the kill, lookups found again %d ms after the promotion, "
                    + "%d lookups meanwhile, slowest %d ms%n", (promoted - killed) / 1_000_000, (resumed - promoted) / 1_000_000,
                    during.size(), slowest);

            // what FreeSWITCH has, and only that, is in the new master's hash
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertEquals(new TreeMap<>(registered), stored()));
        } finally {
            running.set(false);
        }

        // live changes on the new master: its keyspace notifications switched on, the subscription moved
        int from = peer.commands.size();
        redisTemplate().opsForHash().put("cti_gateway@" + DOMAIN, "carrier", "{\"param\": {\"register\": \"false\", \"proxy\": \"10.0.0.1\"}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.commandsSince(from).contains("bgapi sofia profile external startgw carrier"));
        assertEquals("master", client(replica).connect().sync().info("replication").lines()
                .filter(line -> line.startsWith("role:")).findFirst().orElseThrow().substring(5).strip());
    }

    private int resyncs() {
        return (int) peer.commands.stream().filter(command -> command.equals("bgapi show registrations as json")).count();
    }

    /** The registrations hash as extension → call-id. */
    private Map<String, String> stored() throws IOException {
        Map<String, String> stored = new TreeMap<>();
        for (Map.Entry<Object, Object> entry : redisTemplate().opsForHash().entries("registrations").entrySet()) {
            stored.put(entry.getKey().toString(), JSON.readTree(entry.getValue().toString()).path("call-id").asText());
        }
        return stored;
    }

    /** What {@code show registrations as json} answers: the given extension → call-id. */
    private void registrationsShown(Map<String, String> registered) {
        var rows = JSON.createArrayNode();
        new TreeMap<>(registered).forEach((user, callId) -> {
            ObjectNode row = rows.addObject();
            row.put("reg_user", user);
            row.put("realm", "127.0.0.1");
            row.put("token", callId);
            row.put("url", "sip:" + user + "@127.0.0.1:5062");
            row.put("expires", "1795451249");
            row.put("network_ip", "127.0.0.1");
            row.put("network_port", "5062");
            row.put("network_proto", "udp");
        });
        ObjectNode shown = JSON.createObjectNode();
        shown.put("row_count", rows.size());
        if (!rows.isEmpty()) {
            shown.set("rows", rows);
        }
        peer.jobOutputs.put("show registrations as json", shown.toString());
    }

    private static Map<String, String> registration(String subclass, String user, String callId) {
        return Map.of("Event-Name", "CUSTOM", "Event-Subclass", subclass, "profile-name", "internal", "from-user", user,
                "from-host", "127.0.0.1", "call-id", callId, "contact", "<sip:" + user + "@127.0.0.1:5062>", "expires", "120");
    }

    private final HttpClient http = HttpClient.newHttpClient();

    /** found, not found, or what else came back (an HTTP error, a timeout): never waits more than 5 s. */
    private Lookup lookup() {
        long started = System.nanoTime();
        String answer;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/fs/xml"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body("sip_auth-REGISTER"), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Document doc = response.statusCode() == 200 ? parse(response.body()) : null;
            answer = doc == null ? "HTTP " + response.statusCode()
                    : isNotFound(doc) ? "not found"
                    : "1234".equals(xpath(doc, "//param[@name='password']/@value")) ? "found" : "other: " + response.body();
        } catch (Exception e) {
            answer = e.toString();
        }
        return new Lookup(started, System.nanoTime(), answer);
    }

    private static Thread thread(java.util.concurrent.Callable<?> task) {
        Thread thread = new Thread(() -> {
            try {
                task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "failover-load");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
