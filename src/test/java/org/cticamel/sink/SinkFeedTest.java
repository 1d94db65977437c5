package org.cticamel.sink;

import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.cticamel.LogCapture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped cti.json runs no sink route: the feed drops each update at once, no wait, no error. */
class SinkFeedTest extends SinkTestSupport {

    @Test
    void with_no_sink_running_updates_pass_the_feed_at_once_without_an_error() {
        try (LogCapture everything = LogCapture.of("")) {
            NotifyBuilder passed = new NotifyBuilder(context).fromRoute("sink-feed").whenCompleted(3).create();
            feed(registration("1001", "{\"a\":1}"), registration("1002", "{\"a\":2}"), registration("1003", "{\"a\":3}"));
            // before the fix each waited 30 s for a reply no sink would send, then failed with ExchangeTimedOutException
            assertTrue(passed.matches(5, TimeUnit.SECONDS), "3 updates through sink-feed within 5 s");
            assertEquals(0, context.getInflightRepository().size("sink-feed"));
            assertTrue(everything.lines().stream().noneMatch(line -> line.startsWith("WARN") || line.startsWith("ERROR")),
                    everything.lines().toString());
        }
    }
}
