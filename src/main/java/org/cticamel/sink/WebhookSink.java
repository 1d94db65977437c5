package org.cticamel.sink;

import java.net.URI;

import org.cticamel.config.CtiConfig;

/**
 * The webhook of cti.json as routes/sink-webhook.camel.yaml passes it to the webhook-sink template: whether
 * it is on, its queue and retries, and the camel-http endpoint to POST to.
 */
public final class WebhookSink {

    private final CtiConfig.Webhook webhook;

    public WebhookSink(CtiConfig.Webhook webhook) {
        this.webhook = webhook;
    }

    public boolean enabled() {
        return webhook.isOn();
    }

    public int queue() {
        return webhook.queue();
    }

    public int retries() {
        return webhook.retries();
    }

    public int backoffMs() {
        return webhook.backoffMs();
    }

    /** For log lines: never the user:password@ or the query of the URL. */
    public String url() {
        return webhook.safeUrl();
    }

    /**
     * The URL as a camel-http endpoint: POST even with a query (camel-http would GET), the timeouts added, user:password@ turned into
     * preemptive basic auth (camel-http masks authPassword wherever it shows an endpoint). When off, a
     * placeholder: the route is built but never started.
     */
    public String uri() {
        if (!webhook.isOn()) {
            return "log:webhook-off";
        }
        URI url = URI.create(webhook.url());
        int timeout = webhook.timeoutMs();
        StringBuilder uri = new StringBuilder(url.getScheme()).append("://").append(url.getHost())
                .append(url.getPort() < 0 ? "" : ":" + url.getPort()).append(url.getRawPath())
                .append(url.getRawQuery() == null ? "?" : "?" + url.getRawQuery() + "&")
                .append("httpMethod=POST&connectTimeout=").append(timeout)
                .append("&responseTimeout=").append(timeout)
                .append("&soTimeout=").append(timeout);
        String userInfo = url.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            uri.append("&authenticationPreemptive=true&authUsername=").append(raw(colon < 0 ? userInfo : userInfo.substring(0, colon)))
                    .append("&authPassword=").append(raw(colon < 0 ? "" : userInfo.substring(colon + 1)));
        }
        return uri.toString();
    }

    /** A value Camel passes on untouched: RAW(...), or RAW{...} when it holds a ')'. */
    private static String raw(String value) {
        return value.indexOf(')') < 0 ? "RAW(" + value + ")" : "RAW{" + value + "}";
    }
}
