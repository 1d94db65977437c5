package org.cticamel.api;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.cticamel.config.CtiConfig;
import org.cticamel.directory.NumberAliases;
import org.cticamel.sofia.SofiaProfiles;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The beans of the provisioning API (routes/api-*.camel.yaml), and its off switch: without CTI_API_CREDENTIALS
 * none of its routes starts (route ids and the REST paths all begin with "api-" / "/api"), so nothing answers.
 */
public class ApiConfiguration implements CamelConfiguration {

    /** Route ids of the API; also excluded from auto-startup when it is off. */
    static final String ROUTES = "api-*";

    @Override
    public void configure(CamelContext context) {
        String credentials = context.getPropertiesComponent().resolveProperty("cti.api.credentials").orElse("");
        if (!new ApiCredentials(credentials).enabled()) {
            String excluded = context.getAutoStartupExcludePattern();
            context.setAutoStartupExcludePattern(excluded == null || excluded.isBlank() ? ROUTES : excluded + "," + ROUTES);
            LoggerFactory.getLogger(ApiConfiguration.class).info("Provisioning API /api off: CTI_API_CREDENTIALS is not set");
        }
    }

    @BindToRegistry("apiCredentials")
    public ApiCredentials apiCredentials(@PropertyInject(value = "cti.api.credentials", defaultValue = "") String credentials) {
        return new ApiCredentials(credentials);
    }

    /** Lets only Content-Type and WWW-Authenticate out of the headers of an API reply, request headers included. */
    @BindToRegistry("apiHeaders")
    public HeaderFilterStrategy apiHeaders() {
        DefaultHeaderFilterStrategy strategy = new DefaultHeaderFilterStrategy();
        strategy.setOutFilterPattern("(?i)(?!content-type$|www-authenticate$).*");
        return strategy;
    }

    @BindToRegistry("apiExtensions")
    public Extensions apiExtensions(@PropertyInject(value = "cti.api.extension-store", defaultValue = "password") String store) {
        return new Extensions(store);
    }

    @BindToRegistry("apiGateways")
    public Gateways apiGateways(@BeanInject("sofiaProfiles") SofiaProfiles profiles) {
        return new Gateways(profiles);
    }

    @BindToRegistry("numberAliasCheck")
    public NumberAliasCheck numberAliasCheck(@BeanInject("redisTemplate") StringRedisTemplate redis,
            @BeanInject("numberAliases") NumberAliases aliases) {
        return new NumberAliasCheck(redis, aliases);
    }

    @BindToRegistry("apiJson")
    public ApiJson apiJson(@BeanInject("redisTemplate") StringRedisTemplate redis) {
        return new ApiJson(redis);
    }

    @BindToRegistry("liveState")
    public LiveState liveState(@BeanInject("ctiConfig") CtiConfig config, @BeanInject("redisTemplate") StringRedisTemplate redis) {
        return new LiveState(config, redis);
    }
}
