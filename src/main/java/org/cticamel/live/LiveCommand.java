package org.cticamel.live;

/**
 * One FreeSWITCH API command that applies a Redis change (routes/live-changes.camel.yaml sends it with bgapi),
 * and how to take back its bookkeeping when it could not be sent, so that the resync on connect retries it.
 */
public interface LiveCommand {

    /** What it is about, for the log line, e.g. "gateway carrier1@example.com". */
    String subject();

    /** The API command, without "bgapi". */
    String command();

    /** Restores the bookkeeping as it was before this command was planned. */
    void undo();

    /** True for a killgw: what follows it (a start, or forgetting the gateway) waits for FreeSWITCH to delete it. */
    default boolean awaitsDelete() {
        return false;
    }
}
