package org.cticamel.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import org.cticamel.CtiTestSupport;
import org.cticamel.esl.ScriptedEslServer;
import org.cticamel.sofia.AppliedGateways;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service on a Redis Cluster of three masters (real redis-server processes, slots assigned by hand):
 * directory lookups in domains whose hashes live on each master, the registration and call-state scripts,
 * and live changes driven by keyspace notifications, which each master sends only for its own keys.
 */
class RedisClusterTest extends CtiTestSupport {

    private static final int SLOTS = 16384;

    // set from the constructor (extraProperties): no initializers, they would run after it
    private RedisProcesses processes;
    private List<RedisProcesses.Node> masters;
    private ScriptedEslServer peer;
    /** One domain whose cti_exten@ hash lives on each master, in master order. */
    private List<String> domains;
    /** Plain connections to each master (no redirects followed). */
    private Map<Integer, RedisCommands<String, String>> nodes;
    private List<RedisClient> clients;

    @Override
    protected Properties extraProperties() {
        try {
            processes = new RedisProcesses();
            masters = new ArrayList<>();
            domains = new ArrayList<>();
            nodes = new LinkedHashMap<>();
            clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                masters.add(processes.server("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000"));
            }
            formCluster();
            peer = new ScriptedEslServer("json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties properties = new Properties();
        // two seeds: the third master is found through them
        properties.put("cti.redis.url", "redis-cluster://" + masters.get(0).address() + "," + masters.get(1).address());
        properties.put("cti.redis.notifications-check-ms", "500");
        properties.put("camel.component.esl.port", String.valueOf(peer.port()));
        properties.put("cti.config", "src/test/resources/redis/cti-cluster.json");
        properties.put("cti.domain", "pbx.example.com");
        properties.put("camel.component.esl.reconnect-min-ms", "50");
        properties.put("camel.component.esl.reconnect-max-ms", "400");
        properties.put("cti.sinks.log.enabled", "true"); // a sink route takes the copies
        return properties;
    }

    /** Slots split in three (CLUSTER ADDSLOTS), the nodes introduced (CLUSTER MEET), until every node says ok. */
    private void formCluster() {
        for (int i = 0; i < 3; i++) {
            RedisCommands<String, String> node = node(i);
            int from = i * SLOTS / 3;
            int to = (i + 1) * SLOTS / 3;
            node.clusterAddSlots(java.util.stream.IntStream.range(from, to).toArray());
            if (i > 0) {
                node.clusterMeet("127.0.0.1", masters.get(0).port());
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> java.util.stream.IntStream.range(0, 3).allMatch(i -> {
            String info = node(i).clusterInfo();
            return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
        }));
        for (int i = 0; domains.size() < 3; i++) {
            String domain = "pbx" + i + ".example.com";
            if (owner("cti_exten@" + domain) == domains.size()) {
                domains.add(domain);
            }
        }
    }

    /** A plain connection to one master (no redirects followed). */
    private RedisCommands<String, String> node(int index) {
        return nodes.computeIfAbsent(index, i -> {
            RedisClient client = RedisClient.create("redis://" + masters.get(i).address());
            clients.add(client);
            return client.connect().sync();
        });
    }

    private static int owner(String key) {
        return SlotHash.getSlot(key) * 3 / SLOTS;
    }

    @AfterAll
    void stopServiceThenCluster() throws IOException {
        context.stop();
        clients.forEach(RedisClient::shutdown);
        peer.close();
        processes.close();
    }

    @BeforeEach
    void connected() {
        await().atMost(Duration.ofSeconds(20)).until(() -> peer.commands.contains("bgapi show registrations as json"));
    }

    private String lookup(String domain, String user) {
        return withField(withField(withField(body("sip_auth-REGISTER"), "key_value", domain), "user", user), "sip_auth_username", user);
    }

    @Test
    void lookups_find_extensions_in_hashes_on_every_master() throws Exception {
        for (int i = 0; i < 3; i++) {
            String key = "cti_exten@" + domains.get(i);
            node(i).hset(key, "1001", "{\"param\":{\"password\":\"pw" + i + "\"},\"attribute\":{\"number-alias\":\"desk" + i + "\"}}");
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("pw" + i, xpath(postForXml(lookup(domains.get(i), "1001")), "//param[@name='password']/@value"));
            // the alias index follows the directory in the background (within 2 s)
            String domain = domains.get(i);
            String alias = "desk" + i;
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertEquals("1001", xpath(postForXml(lookup(domain, alias)), "//user/@id"), "number-alias on " + domain));
        }
        assertTrue(isNotFound(postForXml(lookup(domains.get(0), "1999"))));
    }

    /** Each master announces changes of its own keys: an alias changed on any of them is seen at once, not after the index's maximum age. */
    @Test
    void keyspace_notifications_of_every_master_reach_the_service() throws Exception {
        for (int i = 0; i < 3; i++) {
            String key = "cti_exten@" + domains.get(i);
            node(i).hset(key, "2001", "{\"attribute\":{\"number-alias\":\"old" + i + "\"}}");
            String oldDomain = domains.get(i);
            String oldAlias = "old" + i;
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertEquals("2001", xpath(postForXml(lookup(oldDomain, oldAlias)), "//user/@id")));
            node(i).hset(key, "2001", "{\"attribute\":{\"number-alias\":\"new" + i + "\"}}");
            String domain = domains.get(i);
            String alias = "new" + i;
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals("2001", xpath(postForXml(lookup(domain, alias)), "//user/@id")));
            assertEquals("K", node(i).configGet("notify-keyspace-events").get("notify-keyspace-events").replaceAll("[^K]", ""),
                    "notifications switched on on master " + i);
        }
    }

    @Test
    void a_gateway_added_with_redis_cli_is_started_live() throws Exception {
        int from = peer.commands.size();
        node(owner("cti_gateway@pbx.example.com")).hset("cti_gateway@pbx.example.com", "carrier",
                "{\"param\": {\"register\": \"false\", \"proxy\": \"10.0.0.1\"}}");
        await().atMost(Duration.ofSeconds(5)).until(() -> peer.commandsSince(from).contains("bgapi sofia profile external startgw carrier"));
    }

    /** The live-change resync looks at every domain with gateways: their hashes are on all masters. */
    @Test
    void every_masters_gateway_domains_are_found() {
        List<String> gatewayDomains = new ArrayList<>();
        for (int i = 0; gatewayDomains.size() < 3; i++) {
            String key = "cti_gateway@gw" + i + ".example.com";
            if (owner(key) == gatewayDomains.size()) {
                node(owner(key)).hset(key, "gw", "{\"param\": {\"register\": \"false\", \"proxy\": \"10.0.0.1\"}}");
                gatewayDomains.add("gw" + i + ".example.com");
            }
        }
        Set<String> found = context.getRegistry().lookupByNameAndType("appliedGateways", AppliedGateways.class).domains();
        assertTrue(found.containsAll(gatewayDomains), gatewayDomains + " among " + found);
    }

    @Test
    void registrations_and_call_state_are_written_by_their_scripts() throws Exception {
        peer.send(peer.event(register("sofia::register", "3001", "c-3001"), null));
        await().atMost(Duration.ofSeconds(5)).until(() -> redisTemplate().opsForHash().hasKey("registrations", "3001"));
        peer.send(peer.event(register("sofia::unregister", "3001", "c-3001"), null));
        // removed by the HDEL-if-mine script, on the master of "registrations"
        await().atMost(Duration.ofSeconds(5)).until(() -> !redisTemplate().opsForHash().hasKey("registrations", "3001"));
        assertEquals(2L, redisTemplate().opsForList().size("registration-log"));

        peer.send(peer.event(authenticated(ScriptedEslServer.eventFrames("esl-json.txt", "CHANNEL_CREATE").get(0)), null));
        await().atMost(Duration.ofSeconds(5)).until(() -> redisTemplate().opsForHash().size("{cti}calls") == 1);
        assertEquals(1L, redisTemplate().opsForList().size("{cti}call-log"));
        String document = redisTemplate().opsForList().index("{cti}call-log", 0);
        assertEquals(document, redisTemplate().opsForHash().values("{cti}calls").get(0), "the list gets the stored document");
    }

    /** A captured channel event, as if placed by registered phone 1001. */
    private static Map<String, String> authenticated(byte[] frame) throws IOException {
        String text = new String(frame, StandardCharsets.UTF_8);
        Map<String, String> event = new ObjectMapper().readValue(text.substring(text.indexOf("\n\n") + 2), new TypeReference<>() {
        });
        event.put("variable_user_name", "1001");
        event.put("variable_sip_authorized", "true");
        return event;
    }

    private static Map<String, String> register(String subclass, String user, String callId) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("Event-Name", "CUSTOM");
        event.put("Event-Subclass", subclass);
        event.put("profile-name", "internal");
        event.put("from-user", user);
        event.put("from-host", "127.0.0.1");
        event.put("call-id", callId);
        event.put("contact", "<sip:" + user + "@127.0.0.1:5062>");
        event.put("expires", "120");
        return event;
    }
}
