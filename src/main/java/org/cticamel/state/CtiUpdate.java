package org.cticamel.state;

/**
 * One change of state for the stores and the sink feed: {@code kind} registration or gateway, {@code action} set or remove,
 * the hash {@code field}, the {@code json} to store or publish, and the FreeSWITCH {@code node} it came from.
 */
public record CtiUpdate(String kind, String action, String field, String json, String node) {

    public static final String SET = "set";
    public static final String REMOVE = "remove";

    public boolean isSet() {
        return SET.equals(action);
    }
}
