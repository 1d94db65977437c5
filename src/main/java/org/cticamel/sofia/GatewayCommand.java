package org.cticamel.sofia;

import org.cticamel.live.LiveCommand;

/** A sofia startgw/killgw for one gateway, with the applied record it moved from {@code before} to {@code after}. */
public record GatewayCommand(String domain, String gateway, String command, String before, String after,
        boolean awaitsDelete, AppliedGateways applied) implements LiveCommand {

    @Override
    public String subject() {
        return "gateway " + gateway + "@" + domain;
    }

    @Override
    public void undo() {
        applied.compareAndSet(domain, gateway, after, before);
    }
}
