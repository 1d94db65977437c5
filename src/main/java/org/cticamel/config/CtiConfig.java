package org.cticamel.config;

import java.net.URI;
import java.util.List;

/**
 * cti.json: its {@code gui} section (which Redis hash, channel and list each kind of state goes to, "" = off),
 * the {@code webhook} every update is also POSTed to, and the {@code freeswitch} boxes (empty: the one of
 * CTI_ESL_HOST / PORT / PASSWORD).
 */
public record CtiConfig(Store registration, Store call, Store gateway, Webhook webhook, List<Freeswitch> freeswitch) {

    /** One FreeSWITCH box's event socket; the password as resolved (a {@code ${env:NAME}} reference read). */
    public record Freeswitch(String name, String host, int port, String password) {

        @Override
        public String toString() {
            return name + " " + host + ":" + port;
        }
    }

    /** Where one kind of update goes; {@code fields} is used by calls only. */
    public record Store(String hash, String channel, String list, List<String> fields) {

        public static final Store OFF = new Store("", "", "", List.of());

        public boolean isOn() {
            return !hash.isEmpty() || !channel.isEmpty() || !list.isEmpty();
        }
    }

    /** The store of a kind of update: registration, call or gateway. */
    public Store store(String kind) {
        return switch (kind) {
            case "registration" -> registration;
            case "call" -> call;
            case "gateway" -> gateway;
            default -> throw new IllegalArgumentException("no store kind " + kind);
        };
    }

    /**
     * Where the webhook sink POSTs updates ({@code url} "" = off) and how hard it tries: each POST may take
     * {@code timeoutMs} to connect and as long again between reply bytes, a failure is retried {@code retries}
     * times after {@code backoffMs}, doubling; at most {@code queue} updates wait their turn.
     */
    public record Webhook(String url, int timeoutMs, int retries, int backoffMs, int queue) {

        public static final Webhook OFF = new Webhook("", 2000, 5, 1000, 10_000);

        public boolean isOn() {
            return !url.isEmpty();
        }

        /** The URL fit for a log line: no user:password@, no query (it may carry a token). */
        public String safeUrl() {
            if (!isOn()) {
                return "(off)";
            }
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?...");
        }

        @Override
        public String toString() {
            return "webhook " + safeUrl() + " (timeout " + timeoutMs + " ms, " + retries + " retries from " + backoffMs
                    + " ms, queue " + queue + ")";
        }
    }
}
