package org.cticamel.esl;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off from the socket thread to the route: a bounded queue the socket thread never waits on, so a
 * slow Redis cannot make FreeSWITCH drop us. Full: the backlog is dropped and the connection restarted
 * (which resyncs), because a silent gap in the middle would leave Redis wrong.
 */
final class EslEvents implements EslClient.Listener {

    /** The Content-Type of a frame that is not FreeSWITCH's: a pseudo-event named by its Event-Name header. */
    static final String PSEUDO_EVENT = "cti/pseudo-event";

    private final BlockingQueue<EslFrame> queue;
    private volatile Runnable onOverflow = () -> { };

    EslEvents(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
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
        if (!queue.offer(frame)) {
            queue.clear();
            onOverflow.run();
        }
    }

    EslFrame poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    int size() {
        return queue.size();
    }
}
