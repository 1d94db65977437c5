package org.cticamel.xmlcurl;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The beans of route xml-curl: how its requests come in, how it reads the form, who may ask, its timer; the HTTP servers' Vert.x; and
 * the warm-up, after which the /fs/xml server listens.
 */
public class XmlCurlConfiguration implements CamelConfiguration {

    private final Vertx vertx = Vertx.vertx();

    // Made once, by whichever method Camel calls first: it binds a class's methods in no fixed order, so these
    // beans reach each other by a call here, not by @BeanInject.
    private XmlCurlCredentials credentials;

    @BindToRegistry("xmlCurlFields")
    public XmlCurlFields xmlCurlFields() {
        return new XmlCurlFields();
    }

    @BindToRegistry("xmlCurlForm")
    public XmlCurlForm xmlCurlForm(@PropertyInject("cti.xml-curl.fields") String fields,
            @PropertyInject(value = "cti.xml-curl.max-fields", defaultValue = "256") int maxFields,
            @PropertyInject(value = "cti.xml-curl.max-field-bytes", defaultValue = "8192") int maxFieldBytes) {
        return new XmlCurlForm(fields, maxFields, maxFieldBytes);
    }

    @BindToRegistry("xmlCurlCredentials")
    public XmlCurlCredentials xmlCurlCredentials(@PropertyInject(value = "cti.http.credentials", defaultValue = "") String credentials) {
        if (this.credentials == null) {
            this.credentials = new XmlCurlCredentials(credentials);
        }
        return this.credentials;
    }

    /** The platform-http engine of /fs/xml: the body gathered on the event loop, the credentials checked before. */
    @BindToRegistry("xmlCurlEngine")
    public XmlCurlEngine xmlCurlEngine(@PropertyInject(value = "cti.http.credentials", defaultValue = "") String credentials,
            @PropertyInject(value = "camel.server.max-body-size", defaultValue = "65536") int maxBodyBytes) {
        return new XmlCurlEngine(xmlCurlCredentials(credentials), maxBodyBytes);
    }

    @BindToRegistry("freeswitchCaller")
    public FreeswitchCaller freeswitchCaller(@PropertyInject(value = "cti.http.credentials", defaultValue = "") String credentials) {
        return new FreeswitchCaller(!credentials.isBlank());
    }

    @BindToRegistry("xmlCurlMetrics")
    public XmlCurlMetrics xmlCurlMetrics(@BeanInject("metricsRegistry") MeterRegistry registry) {
        return new XmlCurlMetrics(registry);
    }

    /**
     * One Vert.x (one event-loop pool) for the HTTP servers of /fs/xml and /observe: camel-platform-http uses the
     * one of the registry, and then leaves closing it to us.
     */
    @BindToRegistry("vertx")
    public Vertx vertx() {
        return vertx;
    }

    @BindToRegistry("xmlCurlWarmUp")
    public XmlCurlWarmUp warmUp(@BeanInject("redisTemplate") StringRedisTemplate redis,
            @PropertyInject(value = "cti.xml-curl.warm-up-ms", defaultValue = "1500") long budgetMs,
            @PropertyInject(value = "cti.http.credentials", defaultValue = "") String credentials) {
        return new XmlCurlWarmUp(redis, budgetMs, credentials);
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
