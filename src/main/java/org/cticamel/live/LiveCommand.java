package org.cticamel.live;

/**
 * One FreeSWITCH API command for one box that applies a Redis change (routes/live-changes.camel.yaml sends it with
 * bgapi to that box), and how to take back that box's bookkeeping when it could not be sent, so that the resync on
 * the box's next connect retries it.
 */
public interface LiveCommand {

    /** The box it is for: endpoint esl:<box>. */
    String box();

    /** What it is about, for the log line, e.g. "gateway carrier1@example.com". */
    String subject();

    /** The API command, without "bgapi". */
    String command();

    /** Restores the box's bookkeeping as it was before this command was planned. */
    void undo();

    /** True for a killgw: what follows it (a start, or forgetting the gateway) waits for the box to delete it. */
    default boolean awaitsDelete() {
        return false;
    }
}
