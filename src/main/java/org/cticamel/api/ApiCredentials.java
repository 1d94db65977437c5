package org.cticamel.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * HTTP basic auth of the provisioning API: the {@code user:password} of CTI_API_CREDENTIALS (property
 * {@code cti.api.credentials}), separate from FreeSWITCH's CTI_HTTP_CREDENTIALS. Like XmlCurlCredentials, a
 * Predicate that a route's {@code filter: ref: apiCredentials} calls: it matches the requests to refuse (401).
 * The expected Authorization header is computed once and compared in constant time. Unset, the API is off:
 * {@link #enabled()} is false and {@link ApiConfiguration} does not start its routes.
 */
public class ApiCredentials implements Predicate {

    private final String user;
    private final byte[] expected;

    /** {@code credentials}: {@code user:password}, or blank for none (the API is off). */
    public ApiCredentials(String credentials) {
        if (credentials == null || credentials.isBlank()) {
            user = null;
            expected = null;
            return;
        }
        int colon = credentials.indexOf(':');
        if (colon < 1 || colon == credentials.length() - 1) {
            // never the value itself: it is a secret
            throw new IllegalArgumentException("CTI_API_CREDENTIALS (cti.api.credentials) must be user:password");
        }
        user = credentials.substring(0, colon);
        expected = ("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.US_ASCII);
    }

    public boolean enabled() {
        return expected != null;
    }

    /** The user name of the credentials, for the log line of each change (never the password). */
    public String user() {
        return user;
    }

    /** True when the request is to be refused: the API is off, or its Authorization header is not the credentials. */
    @Override
    public boolean matches(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        if (expected == null) {
            return true;
        }
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.US_ASCII);
        return !MessageDigest.isEqual(expected, given);
    }
}
