package dev.ssekit.bench.parsers;

import java.io.InterruptedIOException;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import okhttp3.sse.internal.ServerSentEventReader;

/**
 * okhttp-sse 5.5.1's {@code okhttp3.sse.internal.ServerSentEventReader} (the class {@code RealEventSource} uses),
 * pulling from an okio source that yields one chunk per read.
 *
 * <p>Emulation: the reader passes {@code id} null when no id is set (or an empty {@code id:} reset it) and
 * {@code type} null when no {@code event} field named one; the browser shows those as {@code ""} and
 * {@code "message"}. Nothing else is changed: the reader itself carries the id across events.
 */
public final class OkHttpParser implements PeerParser {

    @Override
    public String name() {
        return "okhttp";
    }

    @Override
    public String description() {
        return "okhttp-sse 5.5.1 ServerSentEventReader";
    }

    @Override
    public void parse(List<byte[]> chunks, EventSink sink) throws Exception {
        BufferedSource source = Okio.buffer(new ChunkSource(chunks));
        ServerSentEventReader reader = new ServerSentEventReader(source, new ServerSentEventReader.Callback() {
            @Override
            public void onEvent(String id, String type, String data) {
                sink.event(type == null ? "message" : type, data, id == null ? "" : id);
            }

            @Override
            public void onRetryChange(long timeMs) {
            }
        });
        while (reader.processNextEvent()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("abandoned");
            }
        }
    }

    /** One chunk per read, as a socket would deliver them. */
    private static final class ChunkSource implements Source {
        private final List<byte[]> chunks;
        private int index;
        private int pos;

        ChunkSource(List<byte[]> chunks) {
            this.chunks = chunks;
        }

        @Override
        public long read(Buffer sink, long byteCount) throws InterruptedIOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("abandoned");
            }
            while (index < chunks.size() && pos == chunks.get(index).length) {
                index++;
                pos = 0;
            }
            if (index == chunks.size()) {
                return -1;
            }
            byte[] c = chunks.get(index);
            int n = (int) Math.min(byteCount, c.length - pos);
            sink.write(c, pos, n);
            pos += n;
            return n;
        }

        @Override
        public Timeout timeout() {
            return Timeout.NONE;
        }

        @Override
        public void close() {
        }
    }
}
