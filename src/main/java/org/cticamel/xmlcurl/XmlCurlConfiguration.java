package org.cticamel.xmlcurl;

import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Readiness of /fs/xml: the HTTP server's Vert.x, which listens only when told, and the warm-up that tells it. */
public class XmlCurlConfiguration implements CamelConfiguration {

    private final ListenWhenReady vertx = new ListenWhenReady((VertxInternal) Vertx.vertx());

    /** camel-platform-http uses the one Vert.x of the registry, and then leaves closing it to us. */
    @BindToRegistry("vertx")
    public ListenWhenReady vertx() {
        return vertx;
    }

    @BindToRegistry("xmlCurlWarmUp")
    public XmlCurlWarmUp warmUp(@BeanInject("redisTemplate") StringRedisTemplate redis,
            @PropertyInject(value = "cti.xml-curl.warm-up-ms", defaultValue = "1500") long budgetMs) {
        return new XmlCurlWarmUp(vertx, redis, budgetMs);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addStartupListener(context.getRegistry().lookupByNameAndType("xmlCurlWarmUp", XmlCurlWarmUp.class));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                vertx.close();
            }
        });
    }
}
