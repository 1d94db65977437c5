package org.cticamel.health;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.cticamel.redis.RedisUrl;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Health checks of the service's own: Camel's health registry picks up every HealthCheck bean, and
 * GET /observe/health, /observe/health/live and /observe/health/ready report them (camel.management.*).
 */
public class HealthConfiguration implements CamelConfiguration {

    @BindToRegistry("redisHealth")
    public RedisHealth redisHealth(@BeanInject("redisConnectionFactory") LettuceConnectionFactory factory,
            @BeanInject("redisUrl") RedisUrl url) {
        return new RedisHealth(factory, url.toString());
    }
}
