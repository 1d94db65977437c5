package org.cticamel.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** cti.json as the original writes it (comments included) is read; a mistake is refused naming the key. */
class CtiConfigReaderTest {

    @TempDir
    Path dir;

    private CtiConfig read(String json) throws IOException {
        Path file = dir.resolve("cti.json");
        Files.writeString(file, json);
        return CtiConfigReader.read(file);
    }

    private String error(String json) {
        return assertThrows(IllegalArgumentException.class, () -> read(json)).getMessage();
    }

    @Test
    void the_shipped_cti_json_turns_on_the_three_hashes_of_the_original() {
        CtiConfig config = CtiConfigReader.read(Path.of("cti.json"));

        assertEquals(new CtiConfig.Store("registrations", "", "", List.of()), config.registration());
        assertEquals("calls", config.call().hash());
        assertEquals(6, config.call().fields().size());
        assertEquals(new CtiConfig.Store("gateways", "", "", List.of()), config.gateway());
    }

    @Test
    void the_seeds_gui_section_with_its_block_and_line_comments_is_read() throws IOException {
        CtiConfig config = read("""
                {"gui": {
                    /*分机注册信息推送到redis*/
                    "registration": {
                        "hash": "registrations", //记录到hash表
                        "channel": "reg-events", //推送到channel
                        "list": "" //记录到list
                    }
                }}""");

        assertEquals(new CtiConfig.Store("registrations", "reg-events", "", List.of()), config.registration());
        assertFalse(config.gateway().isOn(), "a kind left out is off");
    }

    @Test
    void an_unknown_key_is_refused_naming_its_path() {
        assertEquals(dir.resolve("cti.json") + ": gui.registration.hsah (line 1): unknown key (allowed here: channel, hash, list)",
                error("{\"gui\": {\"registration\": {\"hsah\": \"registrations\"}}}"));
        assertEquals(dir.resolve("cti.json") + ": gui.gateways (line 1): unknown key (allowed here: call, gateway, registration)",
                error("{\"gui\": {\"gateways\": {}}}"));
    }

    @Test
    void a_wrong_type_is_refused_naming_the_key() {
        assertEquals(dir.resolve("cti.json") + ": gui.gateway.hash (line 1): must be a string (\"\" = off), not boolean",
                error("{\"gui\": {\"gateway\": {\"hash\": true}}}"));
        assertEquals(dir.resolve("cti.json") + ": gui.call.fields (line 1): must be an array of strings, not string",
                error("{\"gui\": {\"call\": {\"fields\": \"Caller-Destination-Number\"}}}"));
        assertEquals(dir.resolve("cti.json") + ": gui.registration (line 1): must be an object, not string",
                error("{\"gui\": {\"registration\": \"registrations\"}}"));
    }

    @Test
    void the_line_of_the_key_is_named() {
        assertEquals(dir.resolve("cti.json") + ": gui.call.fields[1] (line 6): must be a string",
                error("""
                        {"gui": {
                          // comments count as lines too
                          "call": {
                            "fields": [
                              "Caller-Destination-Number",
                              7
                            ]
                          }
                        }}"""));
    }

    @Test
    void a_missing_file_is_named() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CtiConfigReader.read(dir.resolve("nope.json")));
        assertEquals(dir.resolve("nope.json").toAbsolutePath() + ": cannot read cti.json (cti.config / CTI_CONFIG): no such file",
                e.getMessage());
    }

    @Test
    void broken_json_is_refused_with_its_line() {
        String message = error("{\"gui\": {\n\"registration\": {\"hash\": \"x\",}}}");
        assertEquals(true, message.contains("not valid JSON") && message.contains("line 2"), message);
    }

    @Test
    void the_shipped_webhook_is_off_with_every_default_written_out() {
        CtiConfig.Webhook webhook = CtiConfigReader.read(Path.of("cti.json")).webhook();

        assertFalse(webhook.isOn());
        assertEquals(CtiConfig.Webhook.OFF, webhook);
        assertEquals(new CtiConfig.Webhook("", 2000, 5, 1000, 10_000), webhook);
    }

    @Test
    void a_webhook_url_alone_turns_it_on_with_the_defaults() throws IOException {
        CtiConfig config = read("{\"webhook\": {\"url\": \"https://hooks.example.com/cti\"}}");

        assertEquals(new CtiConfig.Webhook("https://hooks.example.com/cti", 2000, 5, 1000, 10_000), config.webhook());
        assertFalse(config.registration().isOn(), "no gui section: the Redis stores are off");
    }

    @Test
    void the_webhook_never_shows_its_credentials_or_query() throws IOException {
        CtiConfig.Webhook webhook = read("{\"webhook\": {\"url\": \"http://cti:pa55@10.0.0.5:8081/hook?token=t0k\", \"queue\": 7}}").webhook();

        assertEquals("http://10.0.0.5:8081/hook?...", webhook.safeUrl());
        assertEquals("webhook http://10.0.0.5:8081/hook?... (timeout 2000 ms, 5 retries from 1000 ms, queue 7)", webhook.toString());
    }

    @Test
    void a_bad_webhook_is_refused_naming_the_key_and_never_the_url() {
        String file = dir.resolve("cti.json").toString();
        assertEquals(file + ": webhook.url (line 1): must be an http:// or https:// URL with a host and no #fragment, or \"\" = off",
                error("{\"webhook\": {\"url\": \"ftp://u:secret@host/x\"}}"));
        assertEquals(file + ": webhook.url (line 1): not a URL (Illegal character in authority)",
                error("{\"webhook\": {\"url\": \"http://u:se cret@host/x\"}}"));
        assertEquals(file + ": webhook.url (line 1): must be a string (\"\" = off), not number",
                error("{\"webhook\": {\"url\": 8080}}"));
        assertEquals(file + ": webhook.timeout-ms (line 1): must be a whole number of at least 1, not \"2000\"",
                error("{\"webhook\": {\"timeout-ms\": \"2000\"}}"));
        assertEquals(file + ": webhook.retries (line 1): must be a whole number of at least 0, not -1",
                error("{\"webhook\": {\"retries\": -1}}"));
        assertEquals(file + ": webhook.queue (line 1): must be a whole number of at least 1, not 0.5",
                error("{\"webhook\": {\"queue\": 0.5}}"));
        assertEquals(file + ": webhook.timeout (line 1): unknown key (allowed here: backoff-ms, queue, retries, timeout-ms, url)",
                error("{\"webhook\": {\"timeout\": 2000}}"));
        assertEquals(file + ": webhooks (line 1): unknown key (allowed here: freeswitch, gui, webhook)", error("{\"webhooks\": {}}"));
    }

    @Test
    void freeswitch_boxes_are_read_with_a_password_from_the_environment() throws IOException {
        CtiConfig config = read("""
                {"freeswitch": [
                    {"name": "fs1", "host": "10.0.0.1", "port": 8021, "password": "ClueCon"},
                    {"name": "fs2", "host": "10.0.0.2", "password": "${env:HOME}"} // port: 8021
                ]}""");

        assertEquals(List.of(new CtiConfig.Freeswitch("fs1", "10.0.0.1", 8021, "ClueCon"),
                new CtiConfig.Freeswitch("fs2", "10.0.0.2", 8021, System.getenv("HOME"))), config.freeswitch());
        assertEquals("[fs1 10.0.0.1:8021, fs2 10.0.0.2:8021]", config.freeswitch().toString(), "no password in a log line");
        assertEquals(List.of(), read("{}").freeswitch(), "none: the one box of CTI_ESL_HOST / PORT / PASSWORD");
    }

    @Test
    void a_bad_freeswitch_box_is_refused_naming_the_key_and_never_the_password() {
        assertEquals(dir.resolve("cti.json") + ": freeswitch[0].password (line 1): environment variable CTI_NO_SUCH_VARIABLE_X is not set",
                error("{\"freeswitch\": [{\"name\": \"fs1\", \"host\": \"10.0.0.1\", \"password\": \"${env:CTI_NO_SUCH_VARIABLE_X}\"}]}"));
        assertEquals(dir.resolve("cti.json") + ": freeswitch[1].name (line 1): names a box named before",
                error("{\"freeswitch\": [{\"name\": \"fs1\", \"host\": \"a\"}, {\"name\": \"fs1\", \"host\": \"b\"}]}"));
        assertEquals(dir.resolve("cti.json") + ": freeswitch[0].name (line 1): must be 1 to 64 letters, digits, _ or -",
                error("{\"freeswitch\": [{\"name\": \"fs 1\", \"host\": \"a\"}]}"));
        assertEquals(dir.resolve("cti.json") + ": freeswitch[0].password (line 1): must not be empty nor hold a line break",
                error("{\"freeswitch\": [{\"name\": \"fs1\", \"host\": \"a\", \"password\": \"x\\nbgapi status\"}]}"));
        assertEquals(dir.resolve("cti.json") + ": freeswitch[0].hots (line 1): unknown key (allowed here: host, name, password, port)",
                error("{\"freeswitch\": [{\"name\": \"fs1\", \"hots\": \"a\"}]}"));
    }
}
