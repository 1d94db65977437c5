package org.cticamel.xmlcurl;

import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Which of mod_xml_curl's form fields become headers of the xml-curl route: only those the routes and
 * templates use (cti.xml-curl.fields). FreeSWITCH posts ~45 fields per lookup; turning all of them into
 * headers (a case-insensitive map insert and a regex filter each) was a fifth of the CPU per request.
 * Authorization always comes in (checked by {@link XmlCurlCredentials}, then removed); nothing of ours goes
 * out as a response header but Content-Type and, with a 401, WWW-Authenticate.
 */
public class XmlCurlFields implements HeaderFilterStrategy {

    private final Set<String> fields = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    public XmlCurlFields(String fields) {
        for (String field : fields.split(",")) {
            if (!field.isBlank()) {
                this.fields.add(field.strip());
            }
        }
    }

    /** Inbound: true filters the field out. */
    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return !fields.contains(name) && !name.equalsIgnoreCase("Authorization");
    }

    /** Outbound, i.e. response headers: true filters the header out. */
    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("WWW-Authenticate");
    }
}
