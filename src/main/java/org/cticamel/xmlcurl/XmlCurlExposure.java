package org.cticamel.xmlcurl;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses to serve /fs/xml, which hands out every SIP password, to other hosts without credentials: a
 * non-loopback CTI_HTTP_HOST needs CTI_HTTP_CREDENTIALS, or the explicit CTI_HTTP_ALLOW_ANONYMOUS=true.
 */
public final class XmlCurlExposure {

    private XmlCurlExposure() {
    }

    /** Throws, with the one line an operator reads, when {@code host} is reachable from elsewhere and nothing guards it. */
    public static void check(String host, String credentials, boolean allowAnonymous) {
        if (allowAnonymous || (credentials != null && !credentials.isBlank()) || isLoopback(host)) {
            return;
        }
        throw new IllegalStateException("CTI_HTTP_HOST " + host + " is reachable from other hosts and /fs/xml would hand them every "
                + "SIP password: set CTI_HTTP_CREDENTIALS (user:password, FreeSWITCH's xml_curl gateway-credentials), or "
                + "CTI_HTTP_HOST=127.0.0.1, or CTI_HTTP_ALLOW_ANONYMOUS=true to accept that (docs/security.md)");
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
