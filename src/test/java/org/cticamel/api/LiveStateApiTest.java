package org.cticamel.api;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The live state read from the hashes ./cti.json names (registrations, gateways, calls), filtered by domain, user, node. */
class LiveStateApiTest extends ApiTestSupport {

    @BeforeEach
    void state() {
        var hashes = redisTemplate().<String, String>opsForHash();
        hashes.putAll("registrations", Map.of(
                "1001", registration("1001", "a.example.com", "fs1"),
                "1002", registration("1002", "a.example.com", "fs2"),
                // as a resync writes it: no realm, from-host is the realm
                "2001", "{\"from-user\": \"2001\", \"from-host\": \"b.example.com\", \"FreeSWITCH-Switchname\": \"fs1\", \"Event-Subclass\": \"cti::resync\"}"));
        hashes.putAll("gateways", Map.of(
                "carrier", "{\"Gateway\": \"carrier\", \"State\": \"REGED\", \"FreeSWITCH-Switchname\": \"fs1\"}",
                "lab", "{\"Gateway\": \"lab\", \"State\": \"NOREG\", \"FreeSWITCH-Switchname\": \"fs2\"}"));
        hashes.put("cti_gateway@a.example.com", "carrier", "{\"param\": {\"register\": \"false\"}}");
        hashes.putAll("calls", Map.of(
                "1001", "{\"username\": \"1001\", \"current\": \"u1\", \"notify\": \"answer\", \"u1\": {\"Caller-Destination-Number\": \"5555\", \"FreeSWITCH-Switchname\": \"fs2\"}, \"activity\": [\"u1\"]}",
                "2001", "{\"username\": \"2001\", \"current\": \"u2\", \"notify\": \"callout\", \"u2\": {\"Caller-Destination-Number\": \"1001\", \"FreeSWITCH-Switchname\": \"fs1\"}, \"activity\": [\"u2\"]}"));
        hashes.put("cti_exten@b.example.com", "2001", "{\"param\": {\"password\": \"1\"}}");
    }

    private static String registration(String user, String realm, String node) {
        return "{\"Event-Subclass\": \"sofia::register\", \"from-user\": \"" + user + "\", \"from-host\": \"" + realm + "\", \"realm\": \""
                + realm + "\", \"FreeSWITCH-Switchname\": \"" + node + "\", \"contact\": \"<sip:" + user + "@10.0.0.9:5062>\"}";
    }

    @Test
    void registrations_filtered_by_domain_user_and_node() throws Exception {
        assertEquals(Set.of("1001", "1002", "2001"), fields("/api/registrations", "registrations"));
        assertEquals(Set.of("1001", "1002"), fields("/api/registrations?domain=a.example.com", "registrations"));
        assertEquals(Set.of("2001"), fields("/api/registrations?domain=b.example.com", "registrations"));
        assertEquals(Set.of("1001", "2001"), fields("/api/registrations?node=fs1", "registrations"));
        assertEquals(Set.of("1001"), fields("/api/registrations?node=fs1&domain=a.example.com&user=1001", "registrations"));
        assertEquals(Set.of(), fields("/api/registrations?user=9999", "registrations"));
        assertEquals("<sip:1001@10.0.0.9:5062>", get("/api/registrations?user=1001").at("/registrations/1001/contact").textValue(),
                "the stored event, as JSON");
    }

    @Test
    void gateway_states_filtered_by_the_domain_that_provisions_them_name_and_node() throws Exception {
        assertEquals(Set.of("carrier", "lab"), fields("/api/gateway-states", "gateway-states"));
        assertEquals(Set.of("carrier"), fields("/api/gateway-states?domain=a.example.com", "gateway-states"));
        assertEquals(Set.of("lab"), fields("/api/gateway-states?node=fs2", "gateway-states"));
        assertEquals(Set.of("lab"), fields("/api/gateway-states?user=lab", "gateway-states"));
        assertEquals("REGED", get("/api/gateway-states").at("/gateway-states/carrier/State").textValue());
    }

    @Test
    void calls_filtered_by_the_domain_of_the_extension_user_and_the_node_a_call_is_on() throws Exception {
        assertEquals(Set.of("1001", "2001"), fields("/api/calls", "calls"));
        assertEquals(Set.of("2001"), fields("/api/calls?domain=b.example.com", "calls"));
        assertEquals(Set.of("1001"), fields("/api/calls?node=fs2", "calls"));
        assertEquals(Set.of("2001"), fields("/api/calls?user=2001", "calls"));
        assertEquals(List.of("u2"), JSON.convertValue(get("/api/calls?user=2001").at("/calls/2001/activity"), List.class));
    }

    @Test
    void a_bad_filter_is_a_400() throws Exception {
        HttpResponse<String> response = call("GET", "/api/calls?domain=not%20a%20domain", null);
        assertEquals(400, response.statusCode());
        assertEquals("domain", json(response).path("field").asText());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = call("GET", path, null);
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    private Set<String> fields(String path, String name) throws Exception {
        Set<String> fields = new TreeSet<>();
        get(path).get(name).fieldNames().forEachRemaining(fields::add);
        return fields;
    }
}
