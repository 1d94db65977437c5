package org.cticamel.esl;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.cticamel.esl.protocol.EslFrame;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 10: the event queue is bounded in bytes too, not only in events (100,000 frames of up to 64 MiB each). */
class EslEventsQueueTest {

    private static EslFrame event(int chars) {
        return new EslFrame(Map.of("Content-Type", "text/event-json"), "x".repeat(chars));
    }

    @Test
    void past_the_byte_budget_the_backlog_is_dropped_and_the_overflow_action_runs_once() throws Exception {
        EslEvents events = new EslEvents(1000, 10_000);
        AtomicInteger overflows = new AtomicInteger();
        events.onOverflow(overflows::incrementAndGet);

        events.event(event(4000));
        events.event(event(4000));
        assertEquals(8000, events.bytes());
        assertEquals(0, overflows.get(), "within the budget");

        events.event(event(4000));
        assertEquals(1, overflows.get());
        assertEquals(0, events.size(), "the backlog is dropped (the reconnect resyncs)");
        assertEquals(0, events.bytes());

        events.event(event(3000));
        events.connected();
        assertEquals(2, events.size());
        assertEquals(3000, events.poll(0).body().length());
        assertEquals(0, events.bytes(), "taken events leave the budget");
        assertEquals(1, overflows.get());
    }

    @Test
    void the_count_bound_still_holds() {
        EslEvents events = new EslEvents(2, 1 << 20);
        AtomicInteger overflows = new AtomicInteger();
        events.onOverflow(overflows::incrementAndGet);

        events.event(event(10));
        events.event(event(10));
        events.event(event(10));

        assertEquals(1, overflows.get());
        assertEquals(0, events.bytes());
    }
}
