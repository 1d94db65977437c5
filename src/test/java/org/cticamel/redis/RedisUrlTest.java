package org.cticamel.redis;

import java.util.List;

import io.lettuce.core.RedisURI;
import org.cticamel.config.CtiConfig;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CTI_REDIS_URL in its three forms; what is printed names hosts and ports, never the password (issue 10 item 8). */
class RedisUrlTest {

    @Test
    void a_password_with_an_at_sign_reaches_the_right_host_and_is_not_printed() {
        RedisUrl url = RedisUrl.parse("redis://:p@ss@127.0.0.1:6390/2");
        assertEquals("127.0.0.1", url.uri().getHost());
        assertEquals(6390, url.uri().getPort());
        assertEquals("p@ss", new String(url.uri().getPassword()));
        assertEquals("127.0.0.1:6390/2", url.toString());
    }

    @Test
    void a_password_with_an_unencoded_slash_is_refused_without_quoting_it() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis://:ab/cd@host"));
        assertTrue(refused.getMessage().startsWith("CTI_REDIS_URL (cti.redis.url) is not a Redis URL"), refused.getMessage());
        assertTrue(refused.getMessage().contains("%2F"), refused.getMessage());
        assertFalse(refused.getMessage().contains("cd") || refused.getMessage().contains(":ab"), refused.getMessage());
    }

    @Test
    void percent_encoded_passwords_are_decoded() {
        RedisUrl url = RedisUrl.parse("redis://:ab%2Fcd%40x@10.1.2.3");
        assertEquals("ab/cd@x", new String(url.uri().getPassword()));
        assertEquals("10.1.2.3:6379", url.toString());
    }

    @Test
    void unreadable_urls_are_refused_without_quoting_them() {
        for (String bad : List.of("127.0.0.1:6379", "redis://", "redis://:secret@", "redis-sentinel://:secret@h1:26379", "redis-cluster://:secret@h1,,h2")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse(bad), bad);
            assertFalse(refused.getMessage().contains("secret") || refused.getMessage().contains("h1"), refused.getMessage());
        }
    }

    @Test
    void sentinel_urls_are_lettuces_form() {
        RedisUrl url = RedisUrl.parse("redis-sentinel://:p@ss@h1:26379,h2:26380/1#mymaster");
        assertTrue(url.isSentinel());
        assertFalse(url.isCluster());
        assertEquals("Sentinel master 'mymaster'/1 via h1:26379, h2:26380", url.toString());
        RedisSentinelConfiguration sentinel = assertInstanceOf(RedisSentinelConfiguration.class, url.springConfiguration());
        assertEquals("mymaster", sentinel.getMaster().getName());
        assertEquals(2, sentinel.getSentinels().size());
        assertEquals(1, sentinel.getDatabase());
        assertEquals("p@ss", new String(sentinel.getPassword().get()));
    }

    @Test
    void cluster_urls_list_seed_nodes_that_share_the_password_and_tls() {
        RedisUrl url = RedisUrl.parse("redis-cluster://:p@ss@h1:7000,h2:7001");
        assertTrue(url.isCluster());
        assertEquals("Cluster via h1:7000, h2:7001", url.toString());
        assertEquals(List.of("p@ss", "p@ss"), url.clusterNodes().stream().map(n -> new String(n.getPassword())).toList());
        RedisClusterConfiguration cluster = assertInstanceOf(RedisClusterConfiguration.class, url.springConfiguration());
        assertEquals(2, cluster.getClusterNodes().size());
        assertEquals("p@ss", new String(cluster.getPassword().get()));
        assertTrue(RedisUrl.parse("rediss-cluster://h1:7000").isSsl());
        assertFalse(url.isSsl());
        RedisURI node = RedisUrl.parse("redis-cluster://h1").clusterNodes().get(0);
        assertEquals(6379, node.getPort());
    }

    @Test
    void a_scripts_keys_must_share_a_cluster_slot() {
        CtiConfig apart = config("calls", "calls-log");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ClusterSlots.check(apart));
        assertTrue(refused.getMessage().contains("'{cti}calls' and '{cti}calls-log'"), refused.getMessage());
        assertDoesNotThrow(() -> ClusterSlots.check(config("{cti}calls", "{cti}calls-log")));
        assertDoesNotThrow(() -> ClusterSlots.check(config("calls", "")));
    }

    private static CtiConfig config(String hash, String list) {
        return new CtiConfig(CtiConfig.Store.OFF, new CtiConfig.Store(hash, "", list, List.of()), CtiConfig.Store.OFF, CtiConfig.Webhook.OFF,
                List.of());
    }
}
