package org.cticamel.xmlcurl;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Which HTTP headers of a mod_xml_curl request become headers of the xml-curl route, and which go back:
 * in, only Authorization (checked by {@link XmlCurlCredentials}, then removed); the form fields are read
 * from the body by {@link org.cticamel.xmlcurl.XmlCurlForm}, never from the query string. Out, nothing of
 * ours goes as a response header but Content-Type and, with a 401, WWW-Authenticate.
 */
public class XmlCurlFields implements HeaderFilterStrategy {

    /** Inbound: true filters the header out. */
    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return !name.equalsIgnoreCase("Authorization");
    }

    /** Outbound, i.e. response headers: true filters the header out. */
    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("WWW-Authenticate");
    }
}
