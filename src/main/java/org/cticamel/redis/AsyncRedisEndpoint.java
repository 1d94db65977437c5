package org.cticamel.redis;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** {@code async-redis:hget}: it only sends (no consumer). */
public class AsyncRedisEndpoint extends DefaultEndpoint {

    AsyncRedisEndpoint(String uri, AsyncRedisComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        return new AsyncRedisProducer(this, ((AsyncRedisComponent) getComponent()).connections());
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("async-redis only sends commands: " + getEndpointUri());
    }
}
