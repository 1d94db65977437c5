package org.cticamel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An integration engineer edits a route file and a template while the service runs: no restart needed. */
class HotReloadTest extends CtiTestSupport {

    private Path dir;

    @Override
    protected Properties extraProperties() {
        try {
            dir = Files.createTempDirectory("cti-reload");
            copy(Path.of("routes"), dir.resolve("routes"));
            copy(Path.of("templates"), dir.resolve("templates"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.put("camel.main.routes-include-pattern", "file:" + dir.resolve("routes") + "/*.yaml");
        p.put("camel.main.routes-reload-enabled", "true");
        p.put("camel.main.routes-reload-directory", dir.resolve("routes").toString());
        p.put("cti.templates.dir", dir.resolve("templates").toString());
        p.put("cti.templates.update-delay-ms", "0");
        return p;
    }

    @Test
    void an_edited_template_and_an_edited_route_take_effect_while_running() throws Exception {
        redisTemplate().opsForHash().put("cti_exten@127.0.0.1", "1001", "{\"param\":{\"password\":\"old\"}}");
        redisTemplate().opsForHash().put("phones@127.0.0.1", "1001", "{\"param\":{\"password\":\"new\"}}");
        assertEquals("old", xpath(postForXml(body("sip_auth-REGISTER")), "//user/params/param[@name='password']/@value"));

        edit(dir.resolve("templates/directory.ftl"), "<params>\n        <#--", "<params>\n        <param name=\"edited\" value=\"yes\"/>\n        <#--");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertEquals("yes", xpath(postForXml(body("sip_auth-REGISTER")), "/document/section/domain/params/param[@name='edited']/@value")));

        edit(dir.resolve("routes/xml-curl-directory.camel.yaml"), "cti_exten@${header.key_value}", "phones@${header.key_value}");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(
                () -> assertEquals("new", xpath(postForXml(body("sip_auth-REGISTER")), "//user/params/param[@name='password']/@value")));
    }

    @Test
    void an_edited_esl_route_file_keeps_a_route_per_freeswitch_box() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> context.getRoute("esl-events-freeswitch") != null);
        Route before = context.getRoute("esl-resync");

        edit(dir.resolve("routes/esl-events.camel.yaml"), "# HEARTBEAT and the rest", "# HEARTBEAT (edited) and the rest");
        await().atMost(Duration.ofSeconds(15)).until(() -> context.getRoute("esl-resync") != null && context.getRoute("esl-resync") != before);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(context.getRoute("esl-events-freeswitch") != null,
                "the box's route is there after the reload"));
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " has no " + from);
        Files.writeString(file, text.replace(from, to));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
