package org.cticamel.esl;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.cticamel.api.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A change through the provisioning API takes the path of a redis-cli edit: Redis announces it, and the live
 * changes reach a scripted FreeSWITCH event socket (startgw / killgw, xml_flush_cache).
 */
class ApiLiveChangesTest extends EslTestSupport {

    private static final String CREDENTIALS = "ops:pa55";
    private static final String DOMAIN = "pbx.example.com";
    /** The domain of the captured directory requests. */
    private static final String EXTENSIONS = "cti_exten@127.0.0.1";

    private ApiClient api;
    private int from;

    @Override
    protected Properties extraProperties() {
        Properties properties = super.extraProperties();
        properties.put("cti.domain", DOMAIN);
        properties.put("cti.api.credentials", CREDENTIALS);
        // the setting that makes a1-hash the default store
        properties.put("cti.api.extension-store", "a1-hash");
        return properties;
    }

    @BeforeEach
    void connectedAndEmpty() {
        api = new ApiClient(httpPort);
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.hasClient() && peer.commands.contains("bgapi sofia xmlstatus"));
        redisTemplate().delete(List.of("cti_gateway@" + DOMAIN, "cti_gateway_applied@" + DOMAIN, EXTENSIONS));
        from = peer.commands.size();
    }

    private List<String> applied() {
        return peer.commandsSince(from).stream()
                .filter(command -> command.startsWith("bgapi sofia profile") || command.startsWith("bgapi xml_flush_cache")).toList();
    }

    @Test
    void a_gateway_put_is_started_and_a_deleted_one_killed() throws Exception {
        assertEquals(200, api.call("PUT", "/api/domains/" + DOMAIN + "/gateways/carrier",
                "{\"param\": {\"register\": false, \"proxy\": \"10.0.0.1\"}}", CREDENTIALS).statusCode());
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals(List.of("bgapi sofia profile external startgw carrier"), applied()));

        assertEquals(204, api.call("DELETE", "/api/domains/" + DOMAIN + "/gateways/carrier", null, CREDENTIALS).statusCode());
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals(
                List.of("bgapi sofia profile external startgw carrier", "bgapi sofia profile external killgw carrier"), applied()));
    }

    @Test
    void a_cached_extension_put_again_is_flushed_from_freeswitch() throws Exception {
        String cached = "{\"param\": {\"password\": \"1234\"}, \"attribute\": {\"cacheable\": \"60000\"}}";
        assertEquals(200, api.call("PUT", "/api/domains/127.0.0.1/extensions/1001", cached, CREDENTIALS).statusCode());
        String stored = hget(EXTENSIONS, "1001");
        assertTrue(stored.contains("\"a1-hash\"") && !stored.contains("1234"), "a1-hash by the setting: " + stored);
        postForXml(body("sip_auth-REGISTER"));

        assertEquals(200, api.call("PUT", "/api/domains/127.0.0.1/extensions/1001", cached.replace("1234", "4321"), CREDENTIALS).statusCode());

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals(List.of("bgapi xml_flush_cache id 1001 127.0.0.1"), applied()));
        assertFalse(peer.commandsSince(from).stream().anyMatch(command -> command.contains("4321")));
    }
}
