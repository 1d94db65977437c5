package org.cticamel.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import org.cticamel.esl.EslTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A managed Redis that refuses CONFIG and so announces nothing: gateway edits still reach FreeSWITCH, by polling. */
class LivePollingTest extends EslTestSupport {

    private static final String GATEWAYS = "cti_gateway@192.0.2.2";

    private RedisServer refusing;

    @Override
    protected Properties extraProperties() {
        Properties properties = super.extraProperties();
        try {
            int port = freePort();
            refusing = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("rename-command CONFIG \"\"").onShutdownForceStop(true).build();
            refusing.start();
            properties.put("cti.redis.url", "redis://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.put("cti.redis.notifications-check-ms", "500");
        // only the delete event may start the changed gateway
        properties.put("cti.live.gateway-delete-wait-ms", "5000");
        return properties;
    }

    @AfterAll
    void stopRefusingRedis() throws IOException {
        context.stop();
        refusing.stop();
    }

    /** Without CTI_DOMAIN the domain is the box's IPv4: of the hash that changed, and of FreeSWITCH's events. */
    @Test
    void without_redis_announcing_anything_gateway_edits_still_reach_freeswitch() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.commands.contains("bgapi sofia xmlstatus"));
        int from = peer.commands.size();
        Supplier<List<String>> sofia = () -> peer.commandsSince(from).stream().filter(c -> c.startsWith("bgapi sofia profile")).toList();

        redisTemplate().opsForHash().put(GATEWAYS, "carrier", "{\"param\": {\"register\": \"false\"}}");
        await().atMost(Duration.ofSeconds(2)).until(() -> sofia.get().equals(List.of("bgapi sofia profile external startgw carrier")));
        redisTemplate().opsForHash().put(GATEWAYS, "carrier", "{\"param\": {\"register\": \"false\", \"proxy\": \"10.0.0.2\"}}");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals(List.of("bgapi sofia profile external startgw carrier",
                "bgapi sofia profile external killgw carrier"), sofia.get()));
        peer.send(peer.event(Map.of("Event-Name", "CUSTOM", "Event-Subclass", "sofia::gateway_delete", "profile-name", "external",
                "Gateway", "carrier", "FreeSWITCH-IPv4", "192.0.2.2"), null));

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals(List.of("bgapi sofia profile external startgw carrier",
                "bgapi sofia profile external killgw carrier", "bgapi sofia profile external startgw carrier"), sofia.get()));
    }
}
