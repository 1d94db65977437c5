package org.cticamel.redis;

import java.util.Properties;
import java.util.function.Consumer;

import io.lettuce.core.RedisCommandExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.DecoratedRedisConnection;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisClusterServerCommands;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Keeps Redis announcing hash changes ({@code notify-keyspace-events} with K, g and h), which is how the
 * service sees an extension edited with plain redis-cli. A restarted Redis comes back without them, so
 * routes/live-redis-changes.camel.yaml checks periodically. Managed Redis services often refuse CONFIG SET: then the
 * operator sets it, and until then caches built from Redis rely on their maximum age.
 */
public class KeyspaceNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(KeyspaceNotifications.class);
    private static final String PARAMETER = "notify-keyspace-events";

    private final StringRedisTemplate redis;
    private volatile boolean warned;
    private volatile boolean refused;

    public KeyspaceNotifications(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Adds missing flags; true when they were missing, i.e. changes may have gone unannounced until now. */
    public boolean ensureEnabled() {
        try {
            boolean changed = Boolean.TRUE.equals(redis.execute((RedisCallback<Boolean>) this::ensureEnabled));
            warned = false;
            refused = false;
            return changed;
        } catch (RuntimeException e) {
            refused = NestedExceptionUtils.getMostSpecificCause(e) instanceof RedisCommandExecutionException;
            if (!warned) {
                warned = true;
                LOG.warn("Cannot check/enable Redis keyspace notifications ({}); set '{} Kgh' on the Redis server, "
                        + "or changes to cached lookups show only after cti.directory.alias-max-age-seconds (and changes for "
                        + "FreeSWITCH are polled every cti.redis.notifications-check-ms)",
                        NestedExceptionUtils.getMostSpecificCause(e).getMessage(), PARAMETER);
            }
            return false;
        }
    }

    /** True when Redis answered the last check but refused it (CONFIG forbidden): notifications are not assured. */
    public boolean refused() {
        return refused;
    }

    /** On a Cluster every master sends the notifications of its own keys: each is checked. */
    private Boolean ensureEnabled(RedisConnection connection) {
        // the template hands its String wrapper of the connection
        RedisConnection target = connection instanceof DecoratedRedisConnection decorated ? decorated.getDelegate() : connection;
        if (target instanceof RedisClusterConnection cluster) {
            boolean changed = false;
            for (RedisClusterNode node : cluster.clusterGetNodes()) {
                if (node.isMaster() && !node.getFlags().contains(RedisClusterNode.Flag.FAIL)) {
                    RedisClusterServerCommands server = cluster.serverCommands();
                    changed |= ensureEnabled(server.getConfig(node, PARAMETER), value -> server.setConfig(node, PARAMETER, value),
                            " on " + node.getHost() + ":" + node.getPort());
                }
            }
            return changed;
        }
        return ensureEnabled(connection.serverCommands().getConfig(PARAMETER),
                value -> connection.serverCommands().setConfig(PARAMETER, value), "");
    }

    private static boolean ensureEnabled(Properties config, Consumer<String> set, String where) {
        String flags = config == null ? "" : config.getProperty(PARAMETER, "");
        String wanted = flags;
        if (!wanted.contains("K")) {
            wanted += "K";
        }
        for (String flag : new String[] {"g", "h"}) {
            if (!wanted.contains(flag) && !wanted.contains("A")) {
                wanted += flag;
            }
        }
        if (wanted.equals(flags)) {
            return false;
        }
        set.accept(wanted);
        LOG.info("Redis {} set to '{}' (was '{}'){}", PARAMETER, wanted, flags, where);
        return true;
    }
}
