package dev.ssekit.bench.parsers;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.SseEvent;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Vert.x 5.0.7's {@code BodyCodec.sseStream}: the codec's {@link BodyStream} is the WriteStream a WebClient
 * response is piped into, so the chunks are written to it in memory, then {@code end()}; no network, no event loop.
 *
 * <p>Emulation: {@link SseEvent#id()} is the event's own {@code id} field, null when it had none, and the browser
 * keeps the last event ID across events; so a null id is shown as the last id seen. A null or empty
 * {@link SseEvent#event()} is shown as "message".
 */
public final class VertxParser implements PeerParser {

    @Override
    public String name() {
        return "vertx";
    }

    @Override
    public String description() {
        return "Vert.x 5.0.7 vertx-web-client BodyCodec.sseStream";
    }

    @Override
    public void parse(List<byte[]> chunks, EventSink sink) throws Exception {
        AtomicReference<Throwable> error = new AtomicReference<>();
        String[] lastId = {""};
        BodyStream<Void> stream = BodyCodec.sseStream(rs -> {
            rs.exceptionHandler(error::set);
            rs.handler((SseEvent e) -> {
                if (e.id() != null) {
                    lastId[0] = e.id();
                }
                String type = e.event() == null || e.event().isEmpty() ? "message" : e.event();
                sink.event(type, e.data(), lastId[0]);
            });
        }).stream();
        for (byte[] c : chunks) {
            stream.write(Buffer.buffer(c));
        }
        stream.end();
        if (error.get() instanceof Exception ex) {
            throw ex;
        }
        if (error.get() != null) {
            throw new IllegalStateException(error.get());
        }
    }
}
