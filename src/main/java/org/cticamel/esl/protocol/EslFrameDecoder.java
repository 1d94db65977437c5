package org.cticamel.esl.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Cuts the event-socket byte stream into {@link EslFrame}s: header lines up to a blank line, then Content-Length
 * bytes. A body longer than the limit is not buffered but skipped as it arrives, its start kept: an
 * {@link EslOversizedFrame} says which (the stream stays in step, so one huge answer costs one job, not the connection).
 */
final class EslFrameDecoder extends ByteToMessageDecoder {

    /** How much of a skipped body is kept: enough for an event's first headers (Event-Name, Job-UUID). */
    static final int KEPT_BYTES = 4096;

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    /** The headers of a frame whose body has not fully arrived yet. */
    private Map<String, String> pending;
    private int bodyLength;
    /** The kept start of the oversized body being skipped, and how many of its bytes are still to skip. */
    private String skippedStart;
    private int toSkip;

    EslFrameDecoder(int maxHeaderBytes, int maxBodyBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (pending == null && !readHeaders(in)) {
            return;
        }
        if (bodyLength > maxBodyBytes) {
            skip(in, out);
            return;
        }
        if (in.readableBytes() < bodyLength) {
            return;
        }
        // Content-Length counts bytes, so the body is cut before it is decoded as UTF-8
        String body = in.readCharSequence(bodyLength, StandardCharsets.UTF_8).toString();
        out.add(new EslFrame(pending, body));
        pending = null;
    }

    private void skip(ByteBuf in, List<Object> out) {
        if (skippedStart == null) {
            int kept = Math.min(KEPT_BYTES, bodyLength);
            if (in.readableBytes() < kept) {
                return;
            }
            skippedStart = in.readCharSequence(kept, StandardCharsets.UTF_8).toString();
            toSkip = bodyLength - kept;
        }
        int now = Math.min(toSkip, in.readableBytes());
        in.skipBytes(now);
        toSkip -= now;
        if (toSkip == 0) {
            out.add(new EslOversizedFrame(pending, skippedStart, bodyLength, maxBodyBytes));
            pending = null;
            skippedStart = null;
        }
    }

    private boolean readHeaders(ByteBuf in) {
        while (in.isReadable() && in.getByte(in.readerIndex()) == '\n') {
            in.skipBytes(1); // a stray blank line between frames
        }
        int end = blankLine(in);
        if (end < 0) {
            if (in.readableBytes() > maxHeaderBytes) {
                throw new TooLongFrameException("ESL header block longer than " + maxHeaderBytes + " bytes");
            }
            return false;
        }
        String block = in.readCharSequence(end - in.readerIndex(), StandardCharsets.UTF_8).toString();
        in.skipBytes(2);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : block.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        bodyLength = contentLength(headers);
        pending = headers;
        return true;
    }

    private static int contentLength(Map<String, String> headers) {
        String value = headers.get("Content-Length");
        if (value == null) {
            return 0;
        }
        int length;
        try {
            length = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CorruptedFrameException("ESL frame with Content-Length '" + value + "'");
        }
        if (length < 0) {
            throw new CorruptedFrameException("ESL frame with Content-Length " + length);
        }
        return length;
    }

    /** Index of the first "\n\n" from the reader index, or -1. */
    private static int blankLine(ByteBuf in) {
        int from = in.readerIndex();
        int to = in.writerIndex() - 1;
        for (int i = in.indexOf(from, to, (byte) '\n'); i >= 0 && i < to; i = in.indexOf(i + 1, to, (byte) '\n')) {
            if (in.getByte(i + 1) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
