package org.cticamel.esl.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The frame decoder on an embedded channel: the byte stream as TCP may cut it. */
class EslFrameDecoderTest {

    private static final String REPLY = "Content-Type: command/reply\nReply-Text: +OK accepted\n\n";

    private static EmbeddedChannel channel(int maxBody) {
        return new EmbeddedChannel(new EslFrameDecoder(1024, maxBody));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String event(String body) {
        return "Content-Length: " + bytes(body).length + "\nContent-Type: text/event-json\n\n" + body;
    }

    @Test
    void frames_cut_anywhere_come_out_whole_and_in_order() {
        EmbeddedChannel channel = channel(1 << 20);
        byte[] stream = bytes(REPLY + event("{\"Event-Name\":\"HEARTBEAT\",\"Up-Time\":\"0 years, 0 days\"}") + REPLY);
        for (byte b : stream) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        EslFrame reply = channel.readInbound();
        assertEquals("command/reply", reply.contentType());
        assertEquals("+OK accepted", reply.header("Reply-Text"));
        assertEquals("", reply.body());
        EslFrame event = channel.readInbound();
        assertEquals("text/event-json", event.contentType());
        assertEquals("{\"Event-Name\":\"HEARTBEAT\",\"Up-Time\":\"0 years, 0 days\"}", event.body());
        assertEquals("command/reply", ((EslFrame) channel.readInbound()).contentType());
        assertNull(channel.readInbound());
    }

    @Test
    void content_length_counts_bytes_not_characters() {
        EmbeddedChannel channel = channel(1 << 20);
        String body = "{\"from-user\":\"Zoë\",\"contact\":\"\\\"Jürgen ☎\\\" <sip:1001@10.0.0.1>\"}";
        byte[] frame = bytes(event(body) + REPLY);
        // cut inside a multi-byte character of the body
        int cut = new String(frame, StandardCharsets.UTF_8).indexOf('ë') + 1 + (bytes(event(body)).length - event(body).length());
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, cut));
        assertNull(channel.readInbound(), "the body is not complete yet");
        channel.writeInbound(Unpooled.wrappedBuffer(frame, cut, frame.length - cut));

        assertEquals(body, ((EslFrame) channel.readInbound()).body());
        assertEquals("command/reply", ((EslFrame) channel.readInbound()).contentType());
    }

    @Test
    void a_body_over_the_limit_is_skipped_its_start_kept_and_the_stream_stays_in_step() {
        EmbeddedChannel channel = channel(1000);
        String big = "{\"Event-Name\":\"BACKGROUND_JOB\",\"Job-UUID\":\"7f4db78a-17d7-11dd-b7a0-db4edd065621\",\"_body\":\""
                + "x".repeat(20_000) + "\"}";
        byte[] stream = bytes(event(big) + REPLY);
        for (int at = 0; at < stream.length; at += 777) {
            channel.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(777, stream.length - at)));
        }

        EslOversizedFrame skipped = channel.readInbound();
        assertEquals(bytes(big).length, skipped.length());
        assertEquals(EslFrameDecoder.KEPT_BYTES, skipped.start().length());
        assertEquals("7f4db78a-17d7-11dd-b7a0-db4edd065621", skipped.jobUuid());
        assertEquals(bytes(big).length + " bytes, larger than camel.component.esl.max-frame-bytes (1000)", skipped.describe());
        assertEquals("+OK accepted", ((EslFrame) channel.readInbound()).header("Reply-Text"));
    }

    @Test
    void a_plain_background_job_over_the_limit_names_its_job_too() {
        EmbeddedChannel channel = channel(100);
        String big = "Event-Name: BACKGROUND_JOB\nJob-UUID: 0a1b2c3d-0000-4000-8000-000000000001\nContent-Length: 300\n\n" + "y".repeat(300);
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("Content-Length: " + bytes(big).length
                + "\nContent-Type: text/event-plain\n\n" + big)));

        assertEquals("0a1b2c3d-0000-4000-8000-000000000001", ((EslOversizedFrame) channel.readInbound()).jobUuid());
    }

    @Test
    void a_content_length_that_is_no_number_is_a_broken_stream() {
        EmbeddedChannel channel = channel(1000);
        DecoderException broken = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes("Content-Length: 12x\nContent-Type: text/event-json\n\n"))));
        assertInstanceOf(io.netty.handler.codec.CorruptedFrameException.class, broken);
    }

    @Test
    void a_header_block_without_end_past_its_limit_is_a_broken_stream() {
        EmbeddedChannel channel = channel(1000);
        assertThrows(io.netty.handler.codec.TooLongFrameException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes("X-Header: " + "z".repeat(2000)))));
    }
}
