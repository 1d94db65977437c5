package org.cticamel.redis;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The {@code async-redis:hget} endpoint: spring-redis's HGET, with its headers (CamelRedis.Key, CamelRedis.Field) and
 * its answer (the value, or null), on the service's shared Redis connection, without holding a thread while Redis
 * answers. Made for the lookups of the routes that run on the HTTP event loop (xml-curl).
 */
public class AsyncRedisComponent extends DefaultComponent {

    private final RedisConnectionFactory connections;

    public AsyncRedisComponent(RedisConnectionFactory connections) {
        this.connections = connections;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (!"hget".equals(remaining)) {
            throw new IllegalArgumentException(uri + ": async-redis has only hget");
        }
        return new AsyncRedisEndpoint(uri, this);
    }

    RedisConnectionFactory connections() {
        return connections;
    }
}
