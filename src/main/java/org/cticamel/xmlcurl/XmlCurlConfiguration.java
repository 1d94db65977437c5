package org.cticamel.xmlcurl;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The beans of route xml-curl: which form fields it sees, who may ask, and its timer. */
public class XmlCurlConfiguration implements CamelConfiguration {

    @BindToRegistry("xmlCurlFields")
    public XmlCurlFields xmlCurlFields(@PropertyInject("cti.xml-curl.fields") String fields) {
        return new XmlCurlFields(fields);
    }

    @BindToRegistry("xmlCurlCredentials")
    public XmlCurlCredentials xmlCurlCredentials(@PropertyInject(value = "cti.http.credentials", defaultValue = "") String credentials) {
        return new XmlCurlCredentials(credentials);
    }

    @BindToRegistry("xmlCurlMetrics")
    public XmlCurlMetrics xmlCurlMetrics(@BeanInject("metricsRegistry") MeterRegistry registry) {
        return new XmlCurlMetrics(registry);
    }
}
