package org.cticamel.config;

import java.util.List;

/** The {@code gui} section of cti.json: which Redis hash, channel and list each kind of state goes to ("" = off). */
public record CtiConfig(Sink registration, Sink call, Sink gateway) {

    /** Where one kind of update goes; {@code fields} is used by calls only. */
    public record Sink(String hash, String channel, String list, List<String> fields) {

        public static final Sink OFF = new Sink("", "", "", List.of());

        public boolean isOn() {
            return !hash.isEmpty() || !channel.isEmpty() || !list.isEmpty();
        }
    }

    /** The sink of a kind of update: registration, call or gateway. */
    public Sink sink(String kind) {
        return switch (kind) {
            case "registration" -> registration;
            case "call" -> call;
            case "gateway" -> gateway;
            default -> throw new IllegalArgumentException("no sink kind " + kind);
        };
    }
}
