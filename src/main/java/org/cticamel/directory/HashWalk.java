package org.cticamel.directory;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.ScanOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * An HSCAN walk round one hash, read ahead and read as it arrives: the next HSCAN goes to Redis as soon as the cursor of the one before
 * arrives (the first element of its reply), before that reply's fields are decoded, so that Redis reads chunk k+1
 * while this JVM decodes and compares chunk k. At most {@link #AHEAD} chunks are asked for or waiting beyond the one
 * taken. A walk goes on from cursor 0 past the hash's end, until closed, but not ahead: a round usually ends there.
 */
final class HashWalk implements AutoCloseable {

    /**
     * Fields per HSCAN: under a millisecond of Redis, which a lookup's HGET may wait behind. Against 1,000, hits'
     * median while passes run back to back fell by a quarter, and a round took about as long (docs/benchmarks.md).
     */
    private static final long COUNT = 500;
    private static final int AHEAD = 2;

    /**
     * What a walk keeps of each value, read on Lettuce's thread from the reply's bytes ({@code length} bytes of
     * {@code value}, a buffer not to be kept): values are not copied, and nothing waits for a second look at them.
     */
    interface ValueReader {
        byte[] read(byte[] field, byte[] value, int length);
    }

    /** One HSCAN's reply: the cursor it was asked with, the next one, its fields and what was read of their values. */
    static final class Chunk extends ScanCursor {
        final long sent;
        final String from;
        final List<byte[]> fields = new ArrayList<>();
        final List<byte[]> read = new ArrayList<>();

        private Chunk(long sent, String from) {
            this.sent = sent;
            this.from = from;
        }
    }

    private final BaseRedisAsyncCommands<byte[], byte[]> redis;
    private final byte[] key;
    private final ValueReader reader;
    private byte[] value = new byte[4096]; // Lettuce's thread's copy of the value at hand
    private final ArrayDeque<Future<Chunk>> asked = new ArrayDeque<>();
    private String waiting; // a cursor that came while AHEAD chunks were asked for already, or the hash's end
    private long sent;
    private boolean closed;

    HashWalk(BaseRedisAsyncCommands<byte[], byte[]> redis, byte[] key, ValueReader reader) {
        this.redis = redis;
        this.key = key;
        this.reader = reader;
        synchronized (this) {
            send("0");
        }
    }

    /** How many HSCANs went out so far: a chunk with {@link Chunk#sent} above it was read after this call. */
    synchronized long sent() {
        return sent;
    }

    /** The next chunk in the walk's order, asked for already (and the next ones with it). */
    synchronized Future<Chunk> take() {
        if (asked.isEmpty() && waiting != null) { // past the hash's end: only when the walk goes on
            sendWaiting();
        }
        Future<Chunk> next = asked.poll();
        if (waiting != null && !waiting.equals("0")) {
            sendWaiting();
        }
        return next;
    }

    /** Sends no more: what is under way is answered and dropped. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    private synchronized void arrived(String cursor) {
        if (closed) {
            return;
        }
        if (asked.size() < AHEAD && !cursor.equals("0")) {
            send(cursor);
        } else {
            waiting = cursor;
        }
    }

    private void sendWaiting() {
        send(waiting);
        waiting = null;
    }

    private void send(String cursor) {
        Chunk chunk = new Chunk(++sent, cursor);
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(key).add(cursor)
                .add("COUNT").add(COUNT);
        asked.add(redis.dispatch(CommandType.HSCAN, new Reply(chunk), args));
    }

    /** Lettuce's scan output, but into {@link Chunk}, and telling the walk the cursor before the fields follow. */
    private final class Reply extends ScanOutput<byte[], byte[], Chunk> {

        Reply(Chunk chunk) {
            super(ByteArrayCodec.INSTANCE, chunk);
        }

        @Override
        public void set(ByteBuffer bytes) {
            boolean first = output.getCursor() == null;
            super.set(bytes);
            if (first) {
                arrived(output.getCursor());
            }
        }

        @Override
        protected void setOutput(ByteBuffer bytes) {
            if (output.fields.size() == output.read.size()) {
                output.fields.add(codec.decodeKey(bytes));
                return;
            }
            int length = bytes.remaining();
            if (length > value.length) {
                value = new byte[Math.max(length, 2 * value.length)];
            }
            bytes.get(value, 0, length);
            output.read.add(reader.read(output.fields.get(output.fields.size() - 1), value, length));
        }
    }
}
