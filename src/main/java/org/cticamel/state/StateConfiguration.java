package org.cticamel.state;

import java.nio.file.Path;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.cticamel.config.CtiConfig;
import org.cticamel.config.CtiConfigReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The beans the ESL routes call: {@code ctiConfig}, {@code eventUpdates}, {@code redisSinks}, {@code resync}. */
@org.apache.camel.Configuration
public class StateConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StateConfiguration.class);

    /** cti.json, validated: a mistake stops the start, naming the key. */
    @BindToRegistry("ctiConfig")
    public CtiConfig ctiConfig(@PropertyInject(value = "cti.config", defaultValue = "./cti.json") String path) {
        CtiConfig config = CtiConfigReader.read(Path.of(path));
        LOG.info("cti.json {}: registration {}, gateway {}", path, config.registration(), config.gateway());
        return config;
    }

    @BindToRegistry("eventUpdates")
    public EventUpdates eventUpdates(@PropertyInject(value = "cti.registration.field", defaultValue = "extension") String field) {
        return new EventUpdates(field);
    }

    @BindToRegistry("redisSinks")
    public RedisSinks redisSinks(@BeanInject("ctiConfig") CtiConfig config,
            @BeanInject("redisConnectionFactory") LettuceConnectionFactory factory,
            @PropertyInject(value = "cti.redis.max-in-flight", defaultValue = "10000") int maxInFlight) {
        // the shared native connection: async commands on it pipeline beside the directory's lookups
        LettuceConnection connection = (LettuceConnection) factory.getConnection();
        return new RedisSinks(config, connection.getNativeConnection(), maxInFlight);
    }

    @BindToRegistry("resync")
    public Resync resync(@BeanInject("ctiConfig") CtiConfig config, @BeanInject("redisTemplate") StringRedisTemplate redis,
            @BeanInject("eventUpdates") EventUpdates updates) {
        return new Resync(config, redis, updates);
    }
}
