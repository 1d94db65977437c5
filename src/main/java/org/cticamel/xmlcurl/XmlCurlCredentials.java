package org.cticamel.xmlcurl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional HTTP basic auth of {@code /fs/xml}: the {@code user:password} of CTI_HTTP_CREDENTIALS, which
 * mod_xml_curl sends as its {@code gateway-credentials}. The expected Authorization header is computed
 * once and compared in constant time; unset, every request is accepted. A Predicate, so that the xml-curl
 * route's filter calls it directly (the ref language), with no bean method resolved per request.
 */
public class XmlCurlCredentials implements Predicate {

    private static final Logger LOG = LoggerFactory.getLogger(XmlCurlCredentials.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final byte[] expected;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    /** {@code credentials}: {@code user:password}, or blank for none. */
    public XmlCurlCredentials(String credentials) {
        if (credentials == null || credentials.isBlank()) {
            expected = null;
            return;
        }
        if (credentials.indexOf(':') < 1) {
            // never the value itself: it is a secret
            throw new IllegalArgumentException("CTI_HTTP_CREDENTIALS (cti.http.credentials) must be user:password");
        }
        expected = ("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.US_ASCII);
    }

    public boolean enabled() {
        return expected != null;
    }

    /**
     * True when credentials are required and the request's Authorization header is not them. Read from the
     * HTTP request itself: a form field or query parameter of that name is no credential.
     */
    @Override
    public boolean matches(Exchange exchange) {
        return rejects(exchange.getIn() instanceof HttpMessage http ? http.getRequest().getHeader("Authorization") : null);
    }

    boolean rejects(String authorization) {
        if (accepts(authorization)) {
            return false;
        }
        report(authorization == null ? "no credentials" : "wrong credentials");
        return true;
    }

    /**
     * The same verdict, not logged: {@link XmlCurlEngine} asks before it waits for a body, so that a caller without
     * the credentials costs no wait; the route's filter then answers and logs.
     */
    boolean accepts(String authorization) {
        if (expected == null) {
            return true;
        }
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** One line a minute at most: a scanner must not flood the log. */
    private void report(String what) {
        long count = refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            LOG.warn("xml_curl request refused with 401: {} ({} refused so far); FreeSWITCH's xml_curl.conf "
                    + "gateway-credentials must be CTI_HTTP_CREDENTIALS", what, count);
        }
    }
}
