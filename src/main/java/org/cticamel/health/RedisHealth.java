package org.cticamel.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Readiness check {@code redis}: a PING on the shared connection, bounded by cti.redis.timeout-ms (while
 * disconnected Lettuce refuses at once). Without Redis every lookup answers "not found": not ready.
 */
final class RedisHealth extends AbstractHealthCheck {

    private final LettuceConnectionFactory factory;
    /** Hosts and ports only (never the password). */
    private final String address;

    RedisHealth(LettuceConnectionFactory factory, String address) {
        super("cti", "redis");
        this.factory = factory;
        this.address = address;
    }

    @Override
    public boolean isLiveness() {
        return false; // restarting this service brings no Redis back
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("redis.address", address);
        try (RedisConnection connection = factory.getConnection()) {
            connection.ping();
            builder.up();
        } catch (RuntimeException e) {
            builder.message("Redis " + address + " unreachable: " + NestedExceptionUtils.getMostSpecificCause(e).getMessage());
            builder.down();
        }
    }
}
