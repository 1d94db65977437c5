package org.cticamel.deploy;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml without a Docker engine: valid against the Compose Specification's JSON schema
 * (src/test/resources/compose/, see its README), and consistent with what it wires together: the
 * service's HTTP address and path in xml_curl.conf.xml, the event socket's address and password, the
 * mounted files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final YAMLMapper YAML = new YAMLMapper();

    private JsonSchema schema;
    private JsonNode compose;

    @BeforeAll
    void load() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/compose/compose-spec.json")) {
            JsonNode schemaNode = YAML.readTree(in);
            // The schema names draft 2019-09 (validated by that draft, its meta-schema not fetched) and
            // still carries draft-04 "id" annotations, which 2019-09 does not know: read as annotations.
            ((ObjectNode) schemaNode).remove("$schema");
            JsonMetaSchema draft = JsonMetaSchema.builder(JsonMetaSchema.getV201909())
                    .keyword(new NonValidationKeyword("id")).build();
            schema = JsonSchemaFactory.builder().defaultMetaSchemaIri(draft.getIri()).metaSchema(draft).build()
                    .getSchema(schemaNode);
        }
        compose = YAML.readTree(COMPOSE.toFile());
    }

    @Test
    void the_compose_file_is_valid_against_the_compose_schema() {
        Set<ValidationMessage> errors = schema.validate(compose);
        assertTrue(errors.isEmpty(), errors.toString());
        // the schema's definitions/constraints/service, which docker-compose applies on top of it
        compose.get("services").fields().forEachRemaining(service ->
                assertTrue(service.getValue().has("build") || service.getValue().has("image"), service.getKey() + ": build or image"));
    }

    @Test
    void the_schema_check_rejects_a_broken_compose_file() {
        JsonNode broken = compose.deepCopy();
        ((ObjectNode) broken.get("services").get("cti-camel")).put("imagee", "x");
        ((ObjectNode) broken.get("services").get("redis")).put("restart", 3);
        Set<ValidationMessage> errors = schema.validate(broken);
        assertFalse(errors.isEmpty());
        assertTrue(errors.toString().contains("imagee"), errors.toString());
    }

    @Test
    void freeswitch_asks_the_service_where_it_listens_and_at_its_xml_curl_path() throws Exception {
        JsonNode env = service("cti-camel").get("environment");
        URI url = URI.create(FreeswitchConfTest.param(FreeswitchConfTest.parse(FreeswitchConfTest.XML_CURL), "gateway-url"));
        assertEquals(env.get("CTI_HTTP_PORT").asText(), String.valueOf(url.getPort()), "gateway-url port = CTI_HTTP_PORT");
        assertEquals(xmlCurlRoutePath(), url.getPath(), "gateway-url path = the xml-curl route's");
        String bind = env.get("CTI_HTTP_HOST").asText();
        assertTrue(bind.equals("0.0.0.0") || bind.equals(url.getHost()), "the service listens on " + bind + ", FreeSWITCH asks " + url);
        // the service's health check asks the same port and path, as FreeSWITCH does (run by ComposeHealthcheckTest)
        String check = healthcheck(compose);
        assertTrue(check.contains("/dev/tcp/127.0.0.1/${CTI_HTTP_PORT}") && check.contains("POST " + xmlCurlRoutePath() + " HTTP/1.1")
                && check.contains("${CTI_HTTP_CREDENTIALS}"), check);
    }

    /** Production does not reload edited route files (brief 404s, metrics reset): the image and compose say so. */
    @Test
    void production_runs_without_route_reloading() throws Exception {
        assertEquals("false", service("cti-camel").get("environment").path("CTI_ROUTES_RELOAD").asText());
        assertTrue(Files.readString(Path.of("Dockerfile")).contains("CTI_ROUTES_RELOAD=false"));
    }

    /** The cti-camel health check's bash script, as the container runs it ($$ is compose's escaped $). */
    static String healthcheck(JsonNode compose) {
        JsonNode test = compose.get("services").get("cti-camel").get("healthcheck").get("test");
        assertEquals(List.of("CMD", "bash", "-c"), List.of(test.get(0).asText(), test.get(1).asText(), test.get(2).asText()));
        return test.get(3).asText().replace("$$", "$");
    }

    @Test
    void the_service_reaches_the_event_socket_with_freeswitchs_password() throws Exception {
        JsonNode env = service("cti-camel").get("environment");
        Document eventSocket = FreeswitchConfTest.parse(FreeswitchConfTest.EVENT_SOCKET);
        assertEquals(env.get("CTI_ESL_PORT").asText(), FreeswitchConfTest.param(eventSocket, "listen-port"));
        String listen = FreeswitchConfTest.param(eventSocket, "listen-ip");
        assertTrue(Set.of("0.0.0.0", "::").contains(listen) || listen.equals(env.get("CTI_ESL_HOST").asText()),
                "FreeSWITCH listens on " + listen + ", the service connects to " + env.get("CTI_ESL_HOST").asText());
        assertSameSecret(eventSocket, "password", "CTI_ESL_PASSWORD");
    }

    @Test
    void freeswitch_sends_the_credentials_the_service_checks() throws Exception {
        assertSameSecret(FreeswitchConfTest.parse(FreeswitchConfTest.XML_CURL), "gateway-credentials", "CTI_HTTP_CREDENTIALS");
    }

    /** 127.0.0.1 in the files only works when FreeSWITCH, the service and Redis share the host's network. */
    @Test
    void loopback_addresses_are_shared() {
        for (String name : List.of("redis", "cti-camel", "freeswitch")) {
            assertEquals("host", service(name).path("network_mode").asText(), name);
        }
        assertTrue(service("cti-camel").get("environment").get("CTI_REDIS_URL").asText().startsWith("redis://127.0.0.1:"));
        assertTrue(service("redis").get("command").toString().contains("\"--bind\",\"127.0.0.1\""));
    }

    @Test
    void every_mounted_file_exists_and_every_freeswitch_file_is_mounted() throws Exception {
        List<String> targets = new ArrayList<>();
        for (JsonNode service : iterable(compose.get("services"))) {
            for (JsonNode volume : iterable(service.path("volumes"))) {
                String[] parts = volume.asText().split(":");
                if (parts[0].startsWith("./")) {
                    assertTrue(Files.exists(Path.of(parts[0])), "mounted " + parts[0] + " exists");
                    targets.add(parts[0] + " -> " + parts[1]);
                }
            }
        }
        try (var files = Files.list(FreeswitchConfTest.DIR.resolve("autoload_configs"))) {
            for (Path file : files.toList()) {
                String mount = "./" + file + " -> /etc/freeswitch/autoload_configs/" + file.getFileName();
                assertTrue(targets.contains(mount), mount + " in " + targets);
            }
        }
    }

    /** The file's param is $${global}, set from env var {@code variable}, which both containers get alike. */
    private void assertSameSecret(Document file, String param, String variable) throws Exception {
        String global = FreeswitchConfTest.globalOf(FreeswitchConfTest.param(file, param));
        assertNotNull(global, param + " comes from the environment, not written in the file");
        assertEquals(variable, FreeswitchConfTest.environmentOf(file, global), param);
        JsonNode ours = service("cti-camel").get("environment").get(variable);
        assertNotNull(ours, variable + " given to the service");
        assertEquals(ours, service("freeswitch").get("environment").get(variable), variable + " given to FreeSWITCH alike");
    }

    private JsonNode service(String name) {
        JsonNode service = compose.get("services").get(name);
        assertNotNull(service, "service " + name);
        return service;
    }

    /** The platform-http path of routes/xml-curl.camel.yaml. */
    private static String xmlCurlRoutePath() throws Exception {
        for (JsonNode item : YAML.readTree(Path.of("routes/xml-curl.camel.yaml").toFile())) {
            JsonNode route = item.path("route");
            if (route.path("id").asText().equals("xml-curl")) {
                return route.path("from").path("uri").asText().replaceFirst("^platform-http:", "");
            }
        }
        throw new AssertionError("no route xml-curl");
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node::elements;
    }
}
