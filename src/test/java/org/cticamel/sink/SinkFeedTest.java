package org.cticamel.sink;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.seda.SedaEndpoint;
import org.cticamel.LogCapture;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped cti.json runs no sink route: updates pass the feed at once, no wait, no error. */
class SinkFeedTest extends SinkTestSupport {

    @Test
    void with_no_sink_running_updates_pass_the_feed_at_once_without_an_error() {
        try (LogCapture everything = LogCapture.of("")) {
            NotifyBuilder offered = new NotifyBuilder(context).fromRoute("sink-feed-in").whenCompleted(3).create();
            feed(registration("1001", "{\"a\":1}"), registration("1002", "{\"a\":2}"), registration("1003", "{\"a\":3}"));
            assertTrue(offered.matches(5, TimeUnit.SECONDS), "3 updates offered");
            // nothing left waiting: before the fix each update waited 30 s in route sink-feed for a reply no sink
            // would send, then failed with ExchangeTimedOutException, the others queued behind it
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertEquals(0, context.getEndpoint("seda:sink-feed", SedaEndpoint.class).getCurrentQueueSize());
                assertEquals(0, context.getInflightRepository().size());
            });
            assertTrue(everything.lines().stream().noneMatch(line -> line.startsWith("WARN") || line.startsWith("ERROR")),
                    everything.lines().toString());
        }
    }

    /** Updates queued while the last sink route stopped: dropped at once rather than waited on. */
    @Test
    void updates_already_queued_when_no_sink_runs_pass_at_once() {
        try (LogCapture everything = LogCapture.of("")) {
            NotifyBuilder passed = new NotifyBuilder(context).fromRoute("sink-feed").whenCompleted(3).create();
            for (int i = 1; i <= 3; i++) {
                template.sendBody("seda:sink-feed", registration("100" + i, "{}"));
            }
            assertTrue(passed.matches(5, TimeUnit.SECONDS), "3 updates through sink-feed within 5 s");
            assertEquals(0, context.getInflightRepository().size("sink-feed"));
            assertTrue(everything.lines().stream().noneMatch(line -> line.startsWith("WARN") || line.startsWith("ERROR")),
                    everything.lines().toString());
        }
    }
}
