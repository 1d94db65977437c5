package org.cticamel.api;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gateways through the API over real HTTP, and the OpenAPI document the service serves of the whole API. */
class GatewaysApiTest extends ApiTestSupport {

    private static final String DOMAIN = "pbx.example.com";
    private static final String KEY = "cti_gateway@" + DOMAIN;
    private static final String PATH = "/api/domains/" + DOMAIN + "/gateways/";

    @Override
    protected Properties extraProperties() {
        Properties properties = super.extraProperties();
        properties.put("cti.domain", DOMAIN);
        return properties;
    }

    @BeforeEach
    void empty() {
        redisTemplate().delete(KEY);
    }

    @Test
    void a_put_gateway_is_stored_and_sofia_conf_serves_it_in_its_profile() throws Exception {
        HttpResponse<String> put = call("PUT", PATH + "carrier", """
                {"param": {"register": true, "realm": "180.76.224.191:35560", "username": "mytrunk", "password": "pw",
                           "expire-seconds": 60, "caller-id-in-from": "true"},
                 "variables": {"sip_sticky_contact": true, "outbound:sip_cid_type": "pid"},
                 "profile": "internal"}""");

        assertEquals(200, put.statusCode(), put.body());
        assertEquals(JSON.readTree(hget(KEY, "carrier")), json(put));
        assertEquals("60", json(put).at("/param/expire-seconds").textValue());
        Document doc = postForXml(body("configuration-sofia.conf"));
        assertEquals("mytrunk", xpath(doc, "//profile[@name='internal']/gateways/gateway[@name='carrier']/param[@name='username']/@value"));
        assertEquals("outbound", xpath(doc, "//gateway[@name='carrier']/variables/variable[@name='sip_cid_type']/@direction"));

        assertEquals(200, call("PUT", PATH + "lab", "{\"param\": {\"register\": \"false\", \"proxy\": \"10.0.0.1\"}}").statusCode());
        JsonNode list = json(call("GET", "/api/domains/" + DOMAIN + "/gateways", null));
        assertEquals(Set.of("carrier", "lab"), names(list.get("gateways")));
        assertEquals("10.0.0.1", list.at("/gateways/lab/param/proxy").textValue());
        assertEquals(JSON.readTree(hget(KEY, "lab")), json(call("GET", PATH + "lab", null)));
    }

    @Test
    void bad_gateways_are_a_400_naming_the_field_and_never_reach_redis() throws Exception {
        Map<String, String[]> cases = Map.ofEntries(
                Map.entry("{\"param\": {\"register\": false}, \"profile\": \"nowhere\"}", new String[] {"profile", "'nowhere' is not a profile of templates/sofia.conf.ftl (external, internal)"}),
                Map.entry("{\"param\": {\"register\": false}, \"profile\": 5}", new String[] {"profile", "must be a string"}),
                Map.entry("{\"param\": {\"proxy\": \"10.0.0.1\"}}", new String[] {"param.username", "the gateway registers"}),
                Map.entry("{\"param\": {\"register\": \"yes\", \"username\": \"u\"}}", new String[] {"param.password", "the gateway registers"}),
                Map.entry("{\"param\": {\"register\": \"sometimes\"}}", new String[] {"param.register", "true or false"}),
                Map.entry("{\"param\": {\"register\": false, \"expire-seconds\": 0}}", new String[] {"param.expire-seconds", "above 0"}),
                Map.entry("{\"param\": {\"register\": false, \"register-transport\": \"carrier-pigeon\"}}", new String[] {"param.register-transport", "udp, tcp, tls or sctp"}),
                Map.entry("{\"param\": {\"register\": false}, \"variables\": {\"sideways:x\": \"1\"}}", new String[] {"variables.sideways:x", "inbound: or outbound:"}),
                Map.entry("{\"param\": {\"register\": false}, \"variable\": {}}", new String[] {"variable", "is not a known key"}));
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            HttpResponse<String> response = call("PUT", PATH + "carrier", c.getKey());
            assertEquals(400, response.statusCode(), c.getKey() + " → " + response.body());
            assertEquals(c.getValue()[0], json(response).path("field").asText(), response.body());
            assertTrue(json(response).path("problem").asText().contains(c.getValue()[1]), response.body());
        }
        HttpResponse<String> badName = call("PUT", PATH + "bad%20name", "{\"param\": {\"register\": false}}");
        assertEquals(400, badName.statusCode());
        assertEquals("name", json(badName).path("field").asText());
        assertFalse(redisTemplate().hasKey(KEY));
    }

    @Test
    void delete_removes_and_a_missing_gateway_is_404() throws Exception {
        call("PUT", PATH + "lab", "{\"param\": {\"register\": false}}");

        assertEquals(204, call("DELETE", PATH + "lab", null).statusCode());
        assertNull(hget(KEY, "lab"));
        assertEquals(404, call("DELETE", PATH + "lab", null).statusCode());
        assertEquals(404, call("GET", PATH + "lab", null).statusCode());
    }

    @Test
    void the_openapi_document_parses_and_has_every_operation() throws Exception {
        HttpResponse<String> response = call("GET", "/api/openapi.json", null);
        assertEquals(200, response.statusCode());

        assertEquals(401, call("GET", "/api/openapi.json", null, "admin:wrong").statusCode());
        assertEquals(401, call("GET", "/api/openapi.json", null, null).statusCode());

        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body());
        assertEquals(List.of(), parsed.getMessages());
        OpenAPI api = parsed.getOpenAPI();
        assertTrue(api.getOpenapi().startsWith("3."), api.getOpenapi());
        Map<String, Set<String>> operations = new TreeMap<>();
        api.getPaths().forEach((path, item) -> operations.put(path, methods(item)));
        assertEquals(Map.of(
                "/api/domains/{domain}/extensions", Set.of("GET"),
                "/api/domains/{domain}/extensions/{id}", Set.of("GET", "PUT", "DELETE"),
                "/api/domains/{domain}/gateways", Set.of("GET"),
                "/api/domains/{domain}/gateways/{name}", Set.of("GET", "PUT", "DELETE"),
                "/api/registrations", Set.of("GET"),
                "/api/gateway-states", Set.of("GET"),
                "/api/calls", Set.of("GET")), operations);
        assertEquals(Set.of("domain", "cursor", "count"), parameters(api.getPaths().get("/api/domains/{domain}/extensions").getGet()));
        assertEquals(Set.of("domain", "user", "node"), parameters(api.getPaths().get("/api/calls").getGet()));
        assertTrue(api.getComponents().getSecuritySchemes().containsKey("basic"));
    }

    private static Set<String> methods(PathItem item) {
        Set<String> methods = new TreeSet<>();
        item.readOperationsMap().keySet().forEach(method -> methods.add(method.name()));
        return methods;
    }

    private static Set<String> parameters(Operation operation) {
        Set<String> names = new TreeSet<>();
        operation.getParameters().forEach(parameter -> names.add(parameter.getName()));
        return names;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
