package org.cticamel.directory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.cticamel.CtiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A round over a directory of many HSCAN chunks, read ahead, with changes landing behind it while it runs: the round
 * goes once round again and finds them, instead of leaving them to the refresh (set far away here); nothing else
 * moves.
 */
class NumberAliasesRoundTest extends CtiTestSupport {

    private static final String KEY = "cti_exten@round.example.com";
    private static final String ALIASES = "cti_alias@{" + KEY + "}";
    private static final String HOLDERS = "cti_alias_of@{" + KEY + "}";
    private static final int SIZE = 60_000;

    @Override
    protected Properties extraProperties() {
        Properties properties = new Properties();
        properties.put("cti.directory.alias-max-age-seconds", "600");
        return properties;
    }

    private static String extension(String alias) {
        return "{\"param\":{\"password\":\"pw\"},\"attribute\":{\"number-alias\":\"" + alias + "\"}}";
    }

    @Test
    void changes_landing_during_a_round_are_all_found() {
        Map<String, String> extensions = new HashMap<>();
        for (int i = 0; i < SIZE; i++) {
            extensions.put(String.valueOf(10_000 + i), extension("a" + i));
        }
        redisTemplate().opsForHash().putAll(KEY, extensions);
        NumberAliases aliases = context.getRegistry().lookupByNameAndType("numberAliases", NumberAliases.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> redisTemplate().opsForHash().size(ALIASES) == SIZE && aliases.pending() == 0);

        List<String> readFirst = new ArrayList<>(); // what the walk reads in its first chunk: behind it soon
        try (Cursor<Map.Entry<Object, Object>> walk = redisTemplate().opsForHash().scan(KEY, ScanOptions.scanOptions().count(1000).build())) {
            while (readFirst.size() < 40) {
                readFirst.add((String) walk.next().getKey());
            }
        }
        long hscans = calls("hscan");
        redisTemplate().opsForHash().put(KEY, readFirst.get(0), extensions.get(readFirst.get(0))); // unchanged: a round
        await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5)).until(() -> calls("hscan") > hscans + 5);
        for (String extension : readFirst.subList(1, readFirst.size())) {
            redisTemplate().opsForHash().put(KEY, extension, extension("moved" + extension));
        }
        assertTrue(aliases.pending() > 0, "changed during the round");

        await().atMost(Duration.ofSeconds(10)).until(() -> aliases.pending() == 0);
        for (String extension : readFirst.subList(1, readFirst.size())) {
            assertEquals(extension, redisTemplate().opsForHash().get(ALIASES, "moved" + extension), "moved" + extension);
        }
        assertEquals(SIZE, redisTemplate().opsForHash().size(ALIASES));
        assertEquals(SIZE, redisTemplate().opsForHash().size(HOLDERS));
        assertEquals("10002", redisTemplate().opsForHash().get(ALIASES, "a2"));
    }

    /** A directory of one chunk is read with one HSCAN a pass: the walk does not read past the hash's end. */
    @Test
    void a_pass_over_a_small_directory_is_one_hscan() {
        String key = "cti_exten@small.example.com";
        redisTemplate().opsForHash().putAll(key, Map.of("1", extension("one"), "2", extension("two")));
        NumberAliases aliases = context.getRegistry().lookupByNameAndType("numberAliases", NumberAliases.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> "2".equals(redisTemplate().opsForHash().get("cti_alias@{" + key + "}", "two"))
                && aliases.pending() == 0);
        long hscans = calls("hscan");
        redisTemplate().opsForHash().put(key, "3", extension("three"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "3".equals(redisTemplate().opsForHash().get("cti_alias@{" + key + "}", "three"))
                && aliases.pending() == 0);
        assertEquals(hscans + 1, calls("hscan")); // the pass's own commands that follow it (HLEN) went on the same connection
    }

    /** After the passes' connection to Redis was lost (a failover may have lost writes), a pass compares with Redis. */
    @Test
    void after_a_reconnection_a_pass_compares_with_redis() throws Exception {
        String key = "cti_exten@reconnect.example.com";
        redisTemplate().opsForHash().put(key, "1", extension("first"));
        NumberAliases aliases = context.getRegistry().lookupByNameAndType("numberAliases", NumberAliases.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(redisTemplate().opsForHash().get("cti_alias@{" + key + "}", "first"))
                && aliases.pending() == 0);
        long hmgets = calls("hmget");
        redisTemplate().opsForHash().put(key, "1", extension("second")); // known to the copy since: no HMGET
        await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(redisTemplate().opsForHash().get("cti_alias@{" + key + "}", "second"))
                && aliases.pending() == 0);
        assertEquals(hmgets, calls("hmget"), "compared with the copy");

        try (Socket socket = new Socket("127.0.0.1", redis.port())) { // every client's connection, the passes' too
            socket.getOutputStream().write("CLIENT KILL TYPE normal\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine().startsWith(":"));
        }
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            redisTemplate().opsForHash().put(key, "1", extension("third"));
            return "1".equals(redisTemplate().opsForHash().get("cti_alias@{" + key + "}", "third")) && aliases.pending() == 0;
        });
        assertTrue(calls("hmget") > hmgets, "compared with Redis");
    }

    /** How many times Redis has run {@code command} so far. */
    private long calls(String command) {
        String stats = redisTemplate().execute((RedisCallback<Properties>) c -> c.serverCommands().info("commandstats"))
                .getProperty("cmdstat_" + command, "calls=0,");
        return Long.parseLong(stats.substring(stats.indexOf("calls=") + 6, stats.indexOf(',')));
    }
}
