package org.cticamel.directory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.cticamel.CtiTestSupport;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Number-alias lookups read hash cti_alias@{cti_exten@<domain>}, which follows cti_exten@<domain> in the background:
 * a lookup never waits for it, an alias added or changed is found within 2 s, nothing is kept for a
 * directory that does not exist, and an entry nobody announced goes within the max age.
 */
class NumberAliasesTest extends CtiTestSupport {

    private static final String DOMAIN = "aliases.example.com";
    private static final String KEY = "cti_exten@" + DOMAIN;
    private static final String ALIASES = "cti_alias@{cti_exten@" + DOMAIN + "}";

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
        redisTemplate().delete(key);
        await().atMost(Duration.ofSeconds(30)).until(() -> aliases.pending() == 0);
    }

    @Test
    void nothing_is_kept_for_a_directory_that_does_not_exist() throws Exception {
        for (int i = 0; i < 50; i++) {
            String form = withField(lookup("nobody"), "key_value", "missing-" + i + ".example.com");
            assertTrue(isNotFound(postForXml(form)));
        }
        NumberAliases aliases = context.getRegistry().lookupByNameAndType("numberAliases", NumberAliases.class);
        assertEquals(0, aliases.pending());
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
        redisTemplate().delete(KEY);
        await().atMost(Duration.ofSeconds(2)).until(() -> !redisTemplate().hasKey(ALIASES));
        assertNull(redisTemplate().opsForHash().get(ALIASES, "hall"));
    }
}
