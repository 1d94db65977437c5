package org.cticamel.sofia;

import org.cticamel.live.LiveCommand;

/**
 * A sofia startgw/killgw for one gateway on one box, with the box's applied record (kept under its switchname) it
 * moved from {@code before} to {@code after}.
 */
public record GatewayCommand(String box, String switchname, String domain, String gateway, String command, String before,
        String after, boolean awaitsDelete, AppliedGateways applied) implements LiveCommand {

    @Override
    public String subject() {
        return "gateway " + gateway + "@" + domain;
    }

    @Override
    public void undo() {
        applied.compareAndSet(domain, switchname, gateway, after, before);
    }
}
