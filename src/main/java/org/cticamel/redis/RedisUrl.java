package org.cticamel.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.lettuce.core.RedisURI;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * CTI_REDIS_URL, parsed by Lettuce's {@link RedisURI}: one server ({@code redis://}, {@code rediss://}), a
 * Sentinel-watched master ({@code redis-sentinel://[:password@]host1:26379,host2:26379/0#mymaster}) or a
 * Cluster ({@code redis-cluster://[:password@]host1:7000,host2:7001}, {@code rediss-cluster://}: any of
 * its nodes, the rest are discovered). {@link #toString()} names hosts and ports only: never the password.
 */
public final class RedisUrl {

    private static final String CLUSTER = "redis-cluster://";
    private static final String CLUSTER_TLS = "rediss-cluster://";
    private static final String NOT_A_URL = "CTI_REDIS_URL (cti.redis.url) is not a Redis URL";

    /** One server or a Sentinel URI; for a Cluster, its first node. */
    private final RedisURI uri;
    /** A Cluster's seed nodes; empty otherwise. */
    private final List<RedisURI> clusterNodes;

    private RedisUrl(RedisURI uri, List<RedisURI> clusterNodes) {
        this.uri = uri;
        this.clusterNodes = clusterNodes;
    }

    /**
     * Refuses (with a message that quotes no part of the URL) what it cannot read unambiguously, such as a
     * password with an unencoded {@code /} (write {@code %2F}), rather than connecting somewhere else.
     */
    public static RedisUrl parse(String url) {
        String text = url.strip();
        int authority = text.indexOf("://");
        if (authority < 0) {
            throw new IllegalArgumentException(NOT_A_URL + ": it has no scheme (redis://, rediss://, redis-sentinel://, redis-cluster://)");
        }
        int slash = text.indexOf('/', authority + 3);
        if (slash >= 0 && text.indexOf('@', slash) >= 0) {
            throw new IllegalArgumentException(NOT_A_URL + ": an '@' comes after a '/'; a '/' in the password must be written %2F");
        }
        text = encodeUserInfoAts(text, authority + 3);
        try {
            if (text.startsWith(CLUSTER) || text.startsWith(CLUSTER_TLS)) {
                return cluster(text, text.startsWith(CLUSTER_TLS) ? "rediss://" : "redis://", authority + 3);
            }
            RedisURI parsed = RedisURI.create(text);
            if (parsed.getSentinels().isEmpty() && (parsed.getHost() == null || parsed.getHost().isEmpty())) {
                throw new IllegalArgumentException("no host");
            }
            return new RedisUrl(parsed, List.of());
        } catch (RuntimeException e) {
            // Lettuce's message may quote the URL, password included
            throw new IllegalArgumentException(NOT_A_URL + " (a '/' or '@' in the password must be written %2F or %40): "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * The user info ends at the last '@' before the host (as in curl); an earlier '@' is the password's own, which
     * java.net.URI, and so Lettuce, would take as the end of the user info and read the rest as the host.
     */
    private static String encodeUserInfoAts(String text, int start) {
        int end = firstOf(text, start, "/?#");
        int at = text.lastIndexOf('@', end - 1);
        if (at < start) {
            return text;
        }
        return text.substring(0, start) + text.substring(start, at).replace("@", "%40") + text.substring(at);
    }

    /** Each listed node becomes a one-server URI with the same user info and options. */
    private static RedisUrl cluster(String text, String scheme, int start) {
        int end = firstOf(text, start, "/?#");
        String authority = text.substring(start, end);
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
        List<RedisURI> nodes = new ArrayList<>();
        for (String node : authority.substring(at + 1).split(",")) {
            if (node.isBlank()) {
                throw new IllegalArgumentException("empty node");
            }
            nodes.add(RedisURI.create(scheme + userInfo + node.strip() + text.substring(end)));
        }
        return new RedisUrl(nodes.get(0), List.copyOf(nodes));
    }

    private static int firstOf(String text, int from, String chars) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    public boolean isCluster() {
        return !clusterNodes.isEmpty();
    }

    public boolean isSentinel() {
        return !uri.getSentinels().isEmpty();
    }

    public boolean isSsl() {
        return isSentinel() ? uri.getSentinels().get(0).isSsl() || uri.isSsl() : uri.isSsl();
    }

    /** The one server or the Sentinel URI (Lettuce asks the sentinels for the master on every (re)connect). */
    public RedisURI uri() {
        return uri;
    }

    public List<RedisURI> clusterNodes() {
        return clusterNodes;
    }

    /** What spring-data-redis's connection factory is made from. */
    public RedisConfiguration springConfiguration() {
        if (!isCluster()) {
            return LettuceConnectionFactory.createRedisConfiguration(uri);
        }
        RedisClusterConfiguration cluster = new RedisClusterConfiguration(
                clusterNodes.stream().map(node -> node.getHost() + ":" + node.getPort()).toList());
        if (uri.getUsername() != null) {
            cluster.setUsername(uri.getUsername());
        }
        if (uri.getPassword() != null) {
            cluster.setPassword(uri.getPassword());
        }
        return cluster;
    }

    /** Hosts and ports only, for logs and health details: 127.0.0.1:6379, with /2 for database 2. */
    @Override
    public String toString() {
        String database = uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase();
        if (isCluster()) {
            return "Cluster via " + hosts(clusterNodes);
        }
        if (isSentinel()) {
            return "Sentinel master '" + uri.getSentinelMasterId() + "'" + database + " via " + hosts(uri.getSentinels());
        }
        return uri.getHost() + ":" + uri.getPort() + database;
    }

    private static String hosts(List<RedisURI> nodes) {
        return nodes.stream().map(node -> node.getHost() + ":" + node.getPort()).collect(Collectors.joining(", "));
    }
}
