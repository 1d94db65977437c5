package org.cticamel.redis;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** {@code async-redis:hget}: it only sends (no consumer). */
public class AsyncRedisEndpoint extends DefaultEndpoint {

    private final RedisConnectionFactory connections;

    AsyncRedisEndpoint(String uri, AsyncRedisComponent component, RedisConnectionFactory connections) {
        super(uri, component);
        this.connections = connections;
    }

    @Override
    public Producer createProducer() {
        return new AsyncRedisProducer(this, connections);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("async-redis only sends commands: " + getEndpointUri());
    }
}
