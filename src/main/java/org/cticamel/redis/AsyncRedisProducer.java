package org.cticamel.redis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;

/**
 * Sends HGET CamelRedis.Key CamelRedis.Field on Lettuce's shared connection; the body becomes the value, or null.
 * Called on a Vert.x event loop, it returns at once and the exchange goes on, on that event loop, when Redis has
 * answered: the lookup holds no thread and hops to no worker.
 * Called anywhere else it waits for the answer, as spring-redis does, so that a blocking step after it cannot stall
 * Lettuce's own thread. A failure is spring-data-redis's DataAccessException, as spring-redis's would be.
 */
final class AsyncRedisProducer extends DefaultAsyncProducer {

    private static final LettuceExceptionConverter EXCEPTIONS = new LettuceExceptionConverter();

    private final RedisConnectionFactory connections;
    private volatile RedisClusterAsyncCommands<byte[], byte[]> redis;

    AsyncRedisProducer(AsyncRedisEndpoint endpoint, RedisConnectionFactory connections) {
        super(endpoint);
        this.connections = connections;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletionStage<String> answer;
        try {
            answer = send(exchange.getMessage());
        } catch (RuntimeException e) {
            exchange.setException(translated(e));
            callback.done(true);
            return true;
        }
        Context loop = Vertx.currentContext();
        if (loop == null || !Context.isOnEventLoopThread()) {
            try {
                exchange.getMessage().setBody(answer.toCompletableFuture().get());
            } catch (ExecutionException e) {
                exchange.setException(translated(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.setException(e);
            }
            callback.done(true);
            return true;
        }
        answer.whenComplete((body, failure) -> loop.runOnContext(v -> {
            if (failure == null) {
                exchange.getMessage().setBody(body);
            } else {
                exchange.setException(translated(failure));
            }
            callback.done(false);
        }));
        return false;
    }

    private CompletionStage<String> send(Message message) {
        return commands().hget(bytes(message, "CamelRedis.Key"), bytes(message, "CamelRedis.Field"))
                .thenApply(value -> value == null ? null : new String(value, StandardCharsets.UTF_8));
    }

    /** The shared connection's commands (Lettuce reconnects it by itself); asked for once it exists. */
    @SuppressWarnings("unchecked")
    private RedisClusterAsyncCommands<byte[], byte[]> commands() {
        if (redis == null) {
            redis = (RedisClusterAsyncCommands<byte[], byte[]>) connections.getConnection().getNativeConnection();
        }
        return redis;
    }

    private static byte[] bytes(Message message, String header) {
        String value = message.getHeader(header, String.class);
        if (value == null) {
            throw new IllegalArgumentException("async-redis: header " + header + " is missing");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static Exception translated(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof IllegalArgumentException e) {
            return e;
        }
        Exception exception = cause instanceof Exception e ? e : new RuntimeException(cause);
        Exception translated = EXCEPTIONS.convert(exception);
        return translated != null ? translated : new RedisSystemException(cause.getMessage(), cause);
    }
}
