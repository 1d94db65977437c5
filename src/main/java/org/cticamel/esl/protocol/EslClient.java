package org.cticamel.esl.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-lived inbound event-socket connection to one FreeSWITCH: connects, reconnects forever with
 * capped exponential backoff (scheduled, never blocking the socket thread; reset once a connection stayed up
 * for healthy-after-ms), and runs bgapi jobs.
 */
public final class EslClient {

    /** Receives what the connection yields; both calls come on the socket thread and must not block. */
    public interface Listener {
        /** Authenticated and subscribed: events follow. */
        void connected();

        /** An event frame, not decoded yet (decoding is left to the listener's own thread). */
        void event(EslFrame frame);
    }

    private static final Logger LOG = LoggerFactory.getLogger(EslClient.class);

    private final EslSettings settings;
    private final Listener listener;
    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("esl-io", true));
    private final Map<String, CompletableFuture<Map<String, Object>>> jobs = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean running;
    private volatile Channel channel;
    private volatile boolean ready;
    private volatile Instant readySince;
    private volatile String lastProblem = "not connected yet";
    private int failures; // socket thread only

    public EslClient(EslSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    public EslSettings settings() {
        return settings;
    }

    public void start() {
        running = true;
        group.execute(this::connect);
    }

    public void stop() {
        running = false;
        Channel current = channel;
        if (current != null) {
            current.close().awaitUninterruptibly(1000);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2000);
    }

    /** Authenticated and subscribed right now. */
    public boolean isReady() {
        return ready;
    }

    /** Since when the current connection is ready; null while down. */
    public Instant readySince() {
        return ready ? readySince : null;
    }

    /** How many times a connection became ready again after the first one. */
    public long reconnects() {
        return Math.max(0, connections.get() - 1);
    }

    public String lastProblem() {
        return lastProblem;
    }

    /** Runs {@code bgapi <command>}; completes with the BACKGROUND_JOB event (output under {@code _body}). */
    public CompletableFuture<Map<String, Object>> bgapi(String command, Duration timeout) {
        CompletableFuture<Map<String, Object>> job = new CompletableFuture<>();
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            // a line break ends the command: what follows it would be a command of its own (api system ...)
            String first = command.lines().findFirst().orElse("").strip();
            LOG.warn("ESL {}: refused to send 'bgapi {}...': the command contains a line break (CR or LF)", settings.address(), first);
            job.completeExceptionally(new IllegalArgumentException("bgapi " + first + "...: refused, the command contains a line break"));
            return job;
        }
        Channel current = channel;
        if (!ready || current == null) {
            job.completeExceptionally(new IllegalStateException("ESL not connected to " + settings.address() + ": " + lastProblem));
            return job;
        }
        String uuid = UUID.randomUUID().toString();
        jobs.put(uuid, job);
        job.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((result, error) -> jobs.remove(uuid));
        current.eventLoop().execute(() -> {
            ChannelHandlerContext ctx = current.pipeline().context(EslSession.class);
            if (ctx == null) {
                job.completeExceptionally(new IllegalStateException("ESL connection closed before bgapi " + command));
                return;
            }
            ((EslSession) ctx.handler()).send(ctx, "bgapi " + command + "\nJob-UUID: " + uuid, reply -> {
                if (!reply.startsWith("+OK")) {
                    job.completeExceptionally(new IllegalStateException("bgapi " + command + ": " + reply));
                }
            });
        });
        return job;
    }

    /** Closes the current connection (it reconnects by itself), e.g. when events had to be dropped. */
    public void reconnect(String reason) {
        problem(reason);
        Channel current = channel;
        if (current != null) {
            current.close();
        }
    }

    private void connect() {
        if (!running) {
            return;
        }
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMs())
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new IdleStateHandler(settings.heartbeatSeconds() * settings.missedHeartbeats(), 0, 0),
                                new EslFrameDecoder(64 * 1024, settings.maxFrameBytes()),
                                new EslSession(EslClient.this));
                    }
                })
                .connect(settings.host(), settings.port())
                .addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        problem("cannot connect to " + settings.address() + ": " + connected.cause().getMessage());
                        scheduleReconnect();
                        return;
                    }
                    channel = connected.channel();
                    channel.closeFuture().addListener(closed -> disconnected());
                });
    }

    /** The session authenticated and subscribed. */
    void ready() {
        readySince = Instant.now();
        ready = true;
        long number = connections.incrementAndGet();
        LOG.info("ESL connected to {} and subscribed ({}){}", settings.address(), settings.subscription(),
                number > 1 ? ", reconnect #" + (number - 1) : "");
        listener.connected();
    }

    void onEvent(EslFrame frame) {
        if (!jobs.isEmpty() && frame.body().contains("BACKGROUND_JOB")) {
            Map<String, Object> event = EslEventParser.parse(frame);
            CompletableFuture<Map<String, Object>> job = jobs.get(String.valueOf(event.get("Job-UUID")));
            if (job != null) {
                job.complete(event);
                return;
            }
        }
        listener.event(frame);
    }

    /** An event too large to take: fails the bgapi job it answers (the others and the connection carry on), else is logged. */
    void onOversizedEvent(EslOversizedFrame frame) {
        CompletableFuture<Map<String, Object>> job = jobs.get(String.valueOf(frame.jobUuid()));
        if (job != null) {
            job.completeExceptionally(new IllegalStateException("FreeSWITCH's answer was skipped: " + frame.describe()));
        } else {
            LOG.warn("ESL {}: an event of {} skipped (it starts: {})", settings.address(), frame.describe(),
                    frame.start().substring(0, Math.min(120, frame.start().length())).replaceAll("[\\r\\n]+", " "));
        }
    }

    void problem(String message) {
        lastProblem = message;
        LOG.warn("ESL {}: {}", settings.address(), message);
    }

    private void disconnected() {
        boolean wasReady = ready;
        // the backoff starts afresh only after a good run: a peer that drops us right after each resync is not hammered
        if (wasReady && Duration.between(readySince, Instant.now()).toMillis() >= settings.healthyAfterMs()) {
            failures = 0;
        }
        ready = false;
        channel = null;
        jobs.values().forEach(job -> job.completeExceptionally(new IllegalStateException("ESL connection lost")));
        if (wasReady) {
            problem("connection lost");
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (!running) {
            return;
        }
        long delay = Math.min(settings.reconnectMaxMs(), settings.reconnectMinMs() << Math.min(failures, 20));
        failures++;
        LOG.info("ESL reconnecting to {} in {} ms", settings.address(), delay);
        try {
            group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the service is stopping
        }
    }
}
