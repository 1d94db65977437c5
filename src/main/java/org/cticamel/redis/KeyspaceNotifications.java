package org.cticamel.redis;

import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Makes Redis announce hash changes ({@code notify-keyspace-events} K, h and g), which is how the service
 * sees an extension edited with plain redis-cli. Managed Redis services often refuse CONFIG SET: then the
 * operator sets it, and until then the caches built from Redis fall back on their maximum age.
 */
public final class KeyspaceNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(KeyspaceNotifications.class);
    private static final String PARAMETER = "notify-keyspace-events";

    private KeyspaceNotifications() {
    }

    /** Adds the missing flags; returns false (and says so in the log) when that could not be done. */
    public static boolean enable(StringRedisTemplate redis) {
        try {
            return Boolean.TRUE.equals(redis.execute((RedisCallback<Boolean>) KeyspaceNotifications::enable));
        } catch (RuntimeException e) {
            LOG.warn("Could not enable Redis keyspace notifications ({}); set '{} Kgh' on the Redis server, "
                    + "or changes to cached lookups show only after cti.directory.alias-max-age-seconds", e.getMessage(), PARAMETER);
            return false;
        }
    }

    private static Boolean enable(RedisConnection connection) {
        Properties config = connection.serverCommands().getConfig(PARAMETER);
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
        if (!wanted.equals(flags)) {
            connection.serverCommands().setConfig(PARAMETER, wanted);
            LOG.info("Redis {} set to '{}' (was '{}')", PARAMETER, wanted, flags);
        }
        return true;
    }
}
