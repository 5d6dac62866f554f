package dev.ssekit.server.undertow;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * Sends {@code length} bytes of a file as a response body, from disk, on the exchange's I/O thread (API-033): each
 * turn hands the socket what it takes ({@code transferFrom}, which is {@code sendfile} once the head is out), and a
 * full socket waits for the write listener. A client that does not read holds the file open and at most one of
 * Undertow's pooled buffers, never the file's content. The file is closed in every outcome: sent, failed, or the
 * connection gone (Undertow completes the exchange when its connection closes).
 */
final class FileSender implements ChannelListener<StreamSinkChannel>, ExchangeCompletionListener {

    private final HttpServerExchange exchange;
    private final FileChannel file;
    private final long length;
    private StreamSinkChannel channel;
    private long sent;

    FileSender(HttpServerExchange exchange, FileChannel file, long length) {
        this.exchange = exchange;
        this.file = file;
        this.length = length;
    }

    /** Starts sending; the status and headers (Content-Length among them) are already set. */
    void start() {
        exchange.addExchangeCompleteListener(this);
        channel = exchange.getResponseChannel();
        channel.getWriteSetter().set(this);
        send();
    }

    @Override
    public void handleEvent(StreamSinkChannel c) {
        send();
    }

    @Override
    public void exchangeEvent(HttpServerExchange ex, NextListener next) {
        try {
            IoUtils.safeClose(file);
        } finally {
            next.proceed();
        }
    }

    private void send() {
        try {
            while (sent < length) {
                long n = channel.transferFrom(file, sent, length - sent);
                if (n < 0) {
                    throw new IOException("the file ended after " + sent + " of its " + length + " bytes");
                }
                if (n == 0) {
                    channel.resumeWrites();
                    return;
                }
                sent += n;
            }
            channel.suspendWrites();
            channel.getWriteSetter().set(null);
            IoUtils.safeClose(file);
            exchange.endExchange(); // shuts the body down and flushes, waiting for the socket if it must
        } catch (IOException | RuntimeException e) {
            // The head is out: the only honest end is to close the connection short of Content-Length.
            IoUtils.safeClose(file);
            IoUtils.safeClose(exchange.getConnection());
        }
    }
}
