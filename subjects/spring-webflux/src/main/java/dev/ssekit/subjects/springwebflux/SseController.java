package dev.ssekit.subjects.springwebflux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * GET /api/sse: data.txt one code point per event, type {@code lol} (or {@code event}), ids 1, 2, ..., one event
 * every {@code interval} ms; the response ends when the Flux completes. {@code event} goes into the builder as given,
 * as a user passes it: what Spring does with a CR or LF in it is a finding.
 */
@RestController
@CrossOrigin
class SseController {

    private final List<String> pieces;

    SseController() throws IOException {
        String text = new ClassPathResource("data.txt").getContentAsString(StandardCharsets.UTF_8);
        this.pieces = text.codePoints().mapToObj(Character::toString).toList();
    }

    @GetMapping("/api/sse")
    Flux<ServerSentEvent<String>> sse(@RequestParam(defaultValue = "1000") long interval,
            @RequestParam(defaultValue = "lol") String event) {
        return Flux.interval(Duration.ofMillis(interval)).take(pieces.size())
                .map(i -> ServerSentEvent.builder(pieces.get(i.intValue())).id(String.valueOf(i + 1)).event(event).build());
    }
}
