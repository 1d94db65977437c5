package org.cticamel.xmlcurl;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

/**
 * Whether an /fs/xml request may be taken for FreeSWITCH's own, so that what it was answered is recorded as
 * what FreeSWITCH now has (live changes act on that): with CTI_HTTP_CREDENTIALS set, every request that got
 * this far carried them; without, only a request from this machine (loopback) counts. A stranger still gets
 * the answer where anonymous access is allowed, but cannot make the service forget what FreeSWITCH runs.
 */
public class FreeswitchCaller implements Predicate {

    private final boolean credentialsChecked;

    public FreeswitchCaller(boolean credentialsChecked) {
        this.credentialsChecked = credentialsChecked;
    }

    @Override
    public boolean matches(Exchange exchange) {
        if (credentialsChecked) {
            return true;
        }
        SocketAddress remote = exchange.getMessage().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS, SocketAddress.class);
        if (remote == null || remote.hostAddress() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(remote.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
