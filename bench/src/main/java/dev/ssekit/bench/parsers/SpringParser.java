package dev.ssekit.bench.parsers;

import java.util.List;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageReader;
import reactor.core.publisher.Flux;

/**
 * Spring Framework 6.2.12's {@link ServerSentEventHttpMessageReader} (WebFlux, on reactor-core), reading
 * {@code ServerSentEvent<String>} from a body of wrapped chunks.
 *
 * <p>Emulation: the reader yields one {@link ServerSentEvent} per blank-line-terminated block, its {@code id} the
 * block's own id field or null. The browser keeps the last event ID across events and dispatches nothing for a block
 * without data, so a null id is shown as the last id seen, a block with null data only updates that id, and a null
 * {@code event} is shown as "message".
 */
public final class SpringParser implements PeerParser {

    private static final ResolvableType TYPE = ResolvableType.forClassWithGenerics(ServerSentEvent.class, String.class);
    private static final ServerSentEventHttpMessageReader READER = new ServerSentEventHttpMessageReader();

    @Override
    public String name() {
        return "spring";
    }

    @Override
    public String description() {
        return "Spring WebFlux 6.2.12 ServerSentEventHttpMessageReader";
    }

    @Override
    public void parse(List<byte[]> chunks, EventSink sink) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.TEXT_EVENT_STREAM);
        ReactiveHttpInputMessage message = new ReactiveHttpInputMessage() {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.fromIterable(chunks).map(c -> DefaultDataBufferFactory.sharedInstance.wrap(c));
            }
        };
        String[] lastId = {""};
        READER.read(TYPE, message, Map.of()).doOnNext(o -> {
            ServerSentEvent<?> e = (ServerSentEvent<?>) o;
            if (e.id() != null) {
                lastId[0] = e.id();
            }
            if (e.data() != null) {
                String type = e.event() == null || e.event().isEmpty() ? "message" : e.event();
                sink.event(type, (String) e.data(), lastId[0]);
            }
        }).blockLast();
    }
}
