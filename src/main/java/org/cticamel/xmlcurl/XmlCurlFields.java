package org.cticamel.xmlcurl;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Which HTTP headers of a mod_xml_curl request become headers of the xml-curl route, and which go back:
 * in, none (the form fields are read from the body by {@link XmlCurlForm}, never from headers or the query
 * string; {@link XmlCurlCredentials} reads Authorization from the HTTP request). Out, nothing of ours goes
 * as a response header but Content-Type and, with a 401, WWW-Authenticate.
 */
public class XmlCurlFields implements HeaderFilterStrategy {

    /** Inbound: true filters the header out. */
    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return true;
    }

    /** Outbound, i.e. response headers: true filters the header out. */
    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("WWW-Authenticate");
    }
}
