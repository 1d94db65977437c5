package org.cticamel.directory;

import io.lettuce.core.event.connection.ConnectedEvent;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.cticamel.state.FreeswitchBoxes;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The beans the directory routes call: {@code directoryUsers}, {@code numberAliases} and {@code cachedUsers}. */
public class DirectoryConfiguration implements CamelConfiguration {

    @BindToRegistry("directoryUsers")
    public DirectoryUserReader directoryUsers() {
        return new DirectoryUserReader();
    }

    @BindToRegistry("numberAliases")
    public NumberAliases numberAliases(@BeanInject("redisBackgroundConnectionFactory") LettuceConnectionFactory background) {
        NumberAliases aliases = new NumberAliases(new StringRedisTemplate(background));
        // a failover or a Redis restart may have lost index writes that the passes' copies remember
        background.getClientResources().eventBus().get().filter(ConnectedEvent.class::isInstance)
                .subscribe(connected -> aliases.forgetCopies());
        return aliases;
    }

    @BindToRegistry("cachedUsers")
    public CachedUsers cachedUsers(@BeanInject("redisTemplate") StringRedisTemplate redis,
            @BeanInject("freeswitchBoxes") FreeswitchBoxes boxes,
            @PropertyInject(value = "cti.directory.cached-users-max", defaultValue = "100000") int max) {
        return new CachedUsers(redis, boxes, max);
    }
}
