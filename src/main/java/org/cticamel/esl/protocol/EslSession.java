package org.cticamel.esl.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Speaks the protocol on one connection: answers auth/request, subscribes, pairs each command/reply with
 * the command it answers (FreeSWITCH replies in order) and hands events on. Runs on the socket thread only.
 */
final class EslSession extends SimpleChannelInboundHandler<Object> {

    private final EslClient client;
    private final Deque<Consumer<String>> replies = new ArrayDeque<>();

    EslSession(EslClient client) {
        this.client = client;
    }

    /** Sends one command; {@code onReply} gets its Reply-Text. Call on the channel's event loop. */
    void send(ChannelHandlerContext ctx, String command, Consumer<String> onReply) {
        replies.add(onReply);
        ctx.writeAndFlush(Unpooled.copiedBuffer(command + "\n\n", StandardCharsets.UTF_8));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object message) {
        if (message instanceof EslOversizedFrame oversized) {
            if (oversized.isEvent()) {
                client.onOversizedEvent(oversized);
            } else { // a reply would be missing from the pairing: start afresh
                client.problem("a " + oversized.headers().get("Content-Type") + " frame of " + oversized.describe() + ": reconnecting");
                ctx.close();
            }
            return;
        }
        EslFrame frame = (EslFrame) message;
        switch (frame.contentType()) {
            case "auth/request" -> send(ctx, "auth " + client.settings().password(), reply -> authenticated(ctx, reply));
            case "command/reply" -> {
                Consumer<String> onReply = replies.poll();
                if (onReply != null) {
                    onReply.accept(String.valueOf(frame.header("Reply-Text")));
                }
            }
            case "text/disconnect-notice" -> client.problem("FreeSWITCH disconnects: " + frame.body().strip().replace('\n', ' '));
            case "text/rude-rejection" -> client.problem("FreeSWITCH rejected the connection (its apply-inbound-acl?): "
                    + frame.body().strip());
            default -> {
                if (frame.isEvent()) {
                    client.onEvent(frame);
                }
            }
        }
    }

    private void authenticated(ChannelHandlerContext ctx, String reply) {
        if (!reply.startsWith("+OK")) {
            client.problem("authentication refused (" + reply + "): check the password (CTI_ESL_PASSWORD, or cti.json freeswitch[].password)");
            ctx.close();
            return;
        }
        send(ctx, client.settings().subscription(), subscribed -> {
            if (subscribed.startsWith("+OK")) {
                client.ready();
            } else {
                client.problem("subscription '" + client.settings().subscription() + "' refused: " + subscribed);
                ctx.close();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            client.problem("nothing from FreeSWITCH for " + client.settings().missedHeartbeats() + " HEARTBEAT intervals of "
                    + client.settings().heartbeatSeconds() + " s: connection considered dead");
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        client.problem("connection error, reconnecting: " + cause);
        ctx.close();
    }
}
