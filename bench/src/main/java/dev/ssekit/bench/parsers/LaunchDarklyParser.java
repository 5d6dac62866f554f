package dev.ssekit.bench.parsers;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamClosedByServerException;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.logging.LDLogger;
import java.net.URI;
import java.util.List;

/**
 * LaunchDarkly okhttp-eventsource 4.3.0 through its public API: its parser ({@code EventParser}) is package-private,
 * so an {@link EventSource} is built on a {@link ConnectStrategy} whose one connection returns the chunks as an
 * {@code InputStream}, and read with {@code readAnyEvent()} until the stream closes ({@link ErrorStrategy#alwaysThrow()}).
 * Each parse builds one EventSource; for the benchmark corpora that cost is spread over many events.
 *
 * <p>Emulation: {@code getLastEventId()} null (no id yet) is shown as {@code ""}. The library defaults the type
 * to "message" itself.
 */
public final class LaunchDarklyParser implements PeerParser {

    private static final URI ORIGIN = URI.create("http://localhost/");

    @Override
    public String name() {
        return "launchdarkly";
    }

    @Override
    public String description() {
        return "LaunchDarkly okhttp-eventsource 4.3.0 (EventSource over an in-memory ConnectStrategy)";
    }

    @Override
    public void parse(List<byte[]> chunks, EventSink sink) throws Exception {
        ConnectStrategy strategy = new ConnectStrategy() {
            @Override
            public Client createClient(LDLogger logger) {
                return new Client() {
                    private boolean used;

                    @Override
                    public Result connect(String lastEventId) {
                        if (used) {
                            throw new IllegalStateException("reconnect attempted");
                        }
                        used = true;
                        return new Result(new ChunkedInputStream(chunks), ORIGIN, null);
                    }

                    @Override
                    public boolean awaitClosed(long timeoutMillis) {
                        return true;
                    }

                    @Override
                    public URI getOrigin() {
                        return ORIGIN;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
        try (EventSource es = new EventSource.Builder(strategy).errorStrategy(ErrorStrategy.alwaysThrow())
                .logger(LDLogger.none()).build()) {
            es.start();
            while (true) {
                StreamEvent e;
                try {
                    e = es.readAnyEvent();
                } catch (StreamClosedByServerException end) {
                    return;
                }
                if (e instanceof MessageEvent m) {
                    String id = m.getLastEventId();
                    sink.event(m.getEventName(), m.getData(), id == null ? "" : id);
                }
            }
        }
    }
}
