package org.cticamel.directory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.cticamel.CtiTestSupport;
import org.cticamel.LogCapture;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Number-alias lookups read hash cti_alias@{cti_exten@<domain>}, which follows cti_exten@<domain> in the background
 * (with cti_alias_of@{cti_exten@<domain>}, extension -> alias held): a lookup never waits for it, an alias added,
 * changed or removed shows within 2 s, a duplicate is reported once, values are read as JSON reads them,
 * nothing is kept for a directory that does not exist, and an index edited behind the service's back is
 * repaired within the max age.
 */
class NumberAliasesTest extends CtiTestSupport {

    private static final String DOMAIN = "aliases.example.com";
    private static final String KEY = "cti_exten@" + DOMAIN;
    private static final String ALIASES = "cti_alias@{cti_exten@" + DOMAIN + "}";
    private static final String HOLDERS = "cti_alias_of@{cti_exten@" + DOMAIN + "}";

    @Override
    protected Properties extraProperties() {
        Properties properties = new Properties();
        properties.put("cti.directory.alias-max-age-seconds", "3");
        return properties;
    }

    private String lookup(String user) {
        return withField(withField(withField(body("sip_auth-REGISTER"), "user", user), "sip_auth_username", user),
                "key_value", DOMAIN);
    }

    private String userFound(String user) throws Exception {
        return xpath(postForXml(lookup(user)), "/document/section[@name='directory']/domain/users/user/@id");
    }

    private static String extension(String alias) {
        return "{\"param\":{\"password\":\"pw\"},\"attribute\":{\"number-alias\":\"" + alias + "\"}}";
    }

    @Test
    void an_alias_added_or_changed_is_found_within_two_seconds_and_an_old_one_is_not() throws Exception {
        redisTemplate().opsForHash().put(KEY, "3001", extension("reception"));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals("3001", userFound("reception")));

        redisTemplate().opsForHash().put(KEY, "3001", extension("lobby"));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals("3001", userFound("lobby")));
        assertTrue(isNotFound(postForXml(lookup("reception"))));
        await().atMost(Duration.ofSeconds(2)).until(() -> !redisTemplate().opsForHash().hasKey(ALIASES, "reception"));
        assertEquals("lobby", redisTemplate().opsForHash().get(HOLDERS, "3001"));
    }

    @Test
    void a_removed_extension_takes_its_alias_with_it() throws Exception {
        redisTemplate().opsForHash().put(KEY, "3010", extension("desk10"));
        redisTemplate().opsForHash().put(KEY, "3011", extension("desk11"));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals("3010", userFound("desk10")));

        redisTemplate().opsForHash().delete(KEY, "3010");
        await().atMost(Duration.ofSeconds(2)).until(() -> !redisTemplate().opsForHash().hasKey(ALIASES, "desk10"));
        assertNull(redisTemplate().opsForHash().get(HOLDERS, "3010"));
        assertTrue(isNotFound(postForXml(lookup("desk10"))));
        assertEquals("3011", userFound("desk11"));
    }

    @Test
    void a_duplicate_alias_is_reported_once_and_passes_on_when_the_first_lets_it_go() throws Exception {
        NumberAliases aliases = context.getRegistry().lookupByNameAndType("numberAliases", NumberAliases.class);
        try (LogCapture log = LogCapture.of(NumberAliases.class)) {
            redisTemplate().opsForHash().put(KEY, "3020", extension("shared"));
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals("3020", userFound("shared")));
            redisTemplate().opsForHash().put(KEY, "3021", extension("shared"));
            for (int i = 0; i < 3; i++) { // more passes: each sees the duplicate again
                String other = "other" + i;
                redisTemplate().opsForHash().put(KEY, "3022", extension(other));
                await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals("3022", userFound(other)));
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> aliases.pending() == 0);
            assertEquals(1, log.lines().stream().filter(line -> line.contains("'shared' is used by '3020' and '3021'")).count(),
                    log.lines().toString());
            assertEquals("3020", userFound("shared"));
        }
        redisTemplate().opsForHash().put(KEY, "3020", extension("moved"));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertEquals("3021", userFound("shared")));
        assertEquals("3020", userFound("moved"));
    }

    @Test
    void values_are_read_as_json_reads_them() throws Exception {
        Map<String, String> values = Map.of(
                "3030", "{ \"attribute\" : { \"number-alias\" : \"spaced\" } }",
                "3031", "{\"attribute\":{\"number-alias\":3131}}",
                "3032", "{\"variable\":{\"number-alias\":\"decoy\"},\"attribute\":{\"number-alias\":\"real\"}}",
                "3033", "{\"attribute\":{\"number-alias\":\"quo\\\"te\"}}",
                "3034", "{\"attribute\":{\"number-alias\":\"3034\"}}",
                "3035", "{\"attribute\":{\"number-alias\":\"réception\"}}");
        redisTemplate().opsForHash().putAll(KEY, values);
        await().atMost(Duration.ofSeconds(2)).until(() -> "3033".equals(redisTemplate().opsForHash().get(ALIASES, "quo\"te")));
        assertEquals("3030", redisTemplate().opsForHash().get(ALIASES, "spaced"));
        assertEquals("3031", redisTemplate().opsForHash().get(ALIASES, "3131"));
        assertEquals("3032", redisTemplate().opsForHash().get(ALIASES, "real"));
        assertNull(redisTemplate().opsForHash().get(ALIASES, "decoy"));
        assertEquals("3035", redisTemplate().opsForHash().get(ALIASES, "réception"));
        assertEquals("réception", redisTemplate().opsForHash().get(HOLDERS, "3035"), "held as written, UTF-8");
        assertNull(redisTemplate().opsForHash().get(HOLDERS, "3034"), "an alias that is the extension itself");
        // the alias it holds now named elsewhere in the value, its new one in attribute: the new one counts
        redisTemplate().opsForHash().put(KEY, "3032", "{\"variable\":{\"number-alias\":\"real\"},\"attribute\":{\"number-alias\":\"new\"}}");
        await().atMost(Duration.ofSeconds(2)).until(() -> "3032".equals(redisTemplate().opsForHash().get(ALIASES, "new")));
    }

    /** A pass reads a value's alias from its bytes as they are, and leaves to the apply script what it cannot. */
    @Test
    void a_plain_alias_is_read_from_the_bytes_of_a_value() {
        assertEquals("r\u00e9ception", plainAlias("3035", "{\"attribute\":{\"number-alias\":\"r\u00e9ception\"}}"));
        assertEquals("spaced", plainAlias("3030", "{ \"attribute\" : { \"number-alias\" :\t\"spaced\" } }"));
        assertEquals("", plainAlias("\u00fc", "{\"attribute\":{\"number-alias\":\"\u00fc\"}}"), "the extension itself");
        assertEquals("", plainAlias("3036", "{\"param\":{\"password\":\"\u00e4\u00f6\"}}"), "none");
        assertNull(plainAlias("3037", "{\"attribute\":{\"number-alias\":\"a\\u00e9\"}}"), "an escape");
        assertNull(plainAlias("3038", "{\"attribute\":{\"number-alias\":3131}}"), "a number");
        assertNull(plainAlias("3039", "{\"variable\":{\"number-alias\":\"x\"},\"attribute\":{\"number-alias\":\"y\"}}"), "named twice");
        assertNull(plainAlias("3040", "{\"attribute\":{\"number-alias\":\"open"), "cut short");
    }

    private static String plainAlias(String extension, String value) {
        byte[] bytes = (value + "\"}}, left of the length").getBytes(StandardCharsets.UTF_8);
        byte[] alias = NumberAliases.plainAlias(extension.getBytes(StandardCharsets.UTF_8), bytes, value.getBytes(StandardCharsets.UTF_8).length);
        return alias == null ? null : new String(alias, StandardCharsets.UTF_8);
    }

    @Test
    void lookups_never_wait_for_an_index_pass() throws Exception {
        String key = "cti_exten@big.example.com";
        Map<String, String> extensions = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            extensions.put(String.valueOf(100_000 + i), extension("a" + i));
            if (extensions.size() == 10_000) {
                redisTemplate().opsForHash().putAll(key, extensions);
                extensions.clear();
            }
        }
        NumberAliases aliases = context.getRegistry().lookupByNameAndType("numberAliases", NumberAliases.class);
        redisTemplate().opsForHash().put(key, "1", extension("newest"));
        await().atMost(Duration.ofSeconds(5)).until(() -> aliases.pending() > 0);
        // an unknown user, asked while its directory of 200,000 is being indexed, is answered at once
        String unknown = withField(lookup("scanner-guess"), "key_value", "big.example.com");
        assertTrue(isNotFound(postForXml(unknown)));
        assertTrue(aliases.pending() > 0, "answered only after the pass");
        redisTemplate().unlink(key); // freed apart: a DEL of 200,000 fields may outlast the 3-s command timeout on a busy machine
        await().atMost(Duration.ofSeconds(30)).until(() -> aliases.pending() == 0);
    }

    @Test
    void nothing_is_kept_for_a_directory_that_does_not_exist() throws Exception {
        for (int i = 0; i < 50; i++) {
            String form = withField(lookup("nobody"), "key_value", "missing-" + i + ".example.com");
            assertTrue(isNotFound(postForXml(form)));
        }
        NumberAliases aliases = context.getRegistry().lookupByNameAndType("numberAliases", NumberAliases.class);
        // the refresh every 3 s passes over this class's directory now and then: a moment with nothing pending
        await().atMost(Duration.ofSeconds(5)).until(() -> aliases.pending() == 0);
        assertTrue(redisTemplate().keys("cti_alias@{cti_exten@missing-*").isEmpty());
    }

    @Test
    void an_entry_nobody_announced_goes_within_the_max_age() {
        redisTemplate().opsForHash().put(KEY, "3002", extension("hall"));
        await().atMost(Duration.ofSeconds(2)).until(() -> "3002".equals(redisTemplate().opsForHash().get(ALIASES, "hall")));
        // written behind the service's back (no cti_exten@ change announced): gone at the next refresh
        redisTemplate().opsForHash().put(ALIASES, "ghost", "3002");
        await().atMost(Duration.ofSeconds(8)).until(() -> !redisTemplate().opsForHash().hasKey(ALIASES, "ghost"));
        assertEquals("3002", redisTemplate().opsForHash().get(ALIASES, "hall"));
        // the alias hash lost behind its back: rebuilt at the next refresh, though its holders remain
        redisTemplate().delete(ALIASES);
        await().atMost(Duration.ofSeconds(8)).until(() -> "3002".equals(redisTemplate().opsForHash().get(ALIASES, "hall")));
        redisTemplate().delete(KEY);
        await().atMost(Duration.ofSeconds(2)).until(() -> !redisTemplate().hasKey(ALIASES) && !redisTemplate().hasKey(HOLDERS));
    }
}
