package org.cticamel.esl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.cticamel.esl.protocol.EslClient;
import org.cticamel.esl.protocol.EslFrame;

/**
 * The hand-off from the socket thread to the route: a queue bounded in events and in bytes that the socket
 * thread never waits on, so a slow Redis cannot make FreeSWITCH drop us nor fill the heap. Full: the backlog
 * is dropped and the connection restarted (which resyncs), because a silent gap in the middle would leave Redis wrong.
 */
final class EslEvents implements EslClient.Listener {

    /** The Content-Type of a frame that is not FreeSWITCH's: a pseudo-event named by its Event-Name header. */
    static final String PSEUDO_EVENT = "cti/pseudo-event";

    private final BlockingQueue<EslFrame> queue;
    private final long maxChars;
    /** The characters of the event texts queued (~ their bytes: FreeSWITCH's events are nearly all ASCII). */
    private final AtomicLong chars = new AtomicLong();
    private volatile Runnable onOverflow = () -> { };

    EslEvents(int capacity, long maxBytes) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxChars = maxBytes;
    }

    void onOverflow(Runnable action) {
        this.onOverflow = action;
    }

    /** Queued after each successful (re)connect, in order with the events. */
    @Override
    public void connected() {
        pseudoEvent("CONNECTED");
    }

    /** Queues a pseudo-event of that name behind the events received so far. */
    void pseudoEvent(String name) {
        offer(new EslFrame(Map.of("Content-Type", PSEUDO_EVENT, "Event-Name", name), ""));
    }

    @Override
    public void event(EslFrame frame) {
        offer(frame);
    }

    private void offer(EslFrame frame) {
        int length = frame.body().length();
        if (chars.addAndGet(length) > maxChars || !queue.offer(frame)) {
            chars.addAndGet(-length);
            List<EslFrame> dropped = new ArrayList<>();
            queue.drainTo(dropped);
            dropped.forEach(this::taken);
            onOverflow.run();
        }
    }

    EslFrame poll(long millis) throws InterruptedException {
        EslFrame frame = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (frame != null) {
            taken(frame);
        }
        return frame;
    }

    private void taken(EslFrame frame) {
        chars.addAndGet(-frame.body().length());
    }

    /** The bytes of the events queued. */
    long bytes() {
        return chars.get();
    }

    int size() {
        return queue.size();
    }
}
