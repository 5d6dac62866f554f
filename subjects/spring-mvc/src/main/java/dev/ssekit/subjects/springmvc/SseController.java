package dev.ssekit.subjects.springmvc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.springframework.core.io.ClassPathResource;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * GET /api/sse: data.txt one code point per event, type {@code lol} (or {@code event}), ids 1, 2, ..., one event
 * every {@code interval} ms, then the emitter completes. {@code event} goes into the builder as given, as a user
 * passes it: what Spring does with a CR or LF in it is a finding.
 */
@RestController
@CrossOrigin
class SseController {

    private final List<String> pieces;
    private final TaskScheduler scheduler;

    SseController(TaskScheduler scheduler) throws IOException {
        this.scheduler = scheduler;
        String text = new ClassPathResource("data.txt").getContentAsString(StandardCharsets.UTF_8);
        this.pieces = text.codePoints().mapToObj(Character::toString).toList();
    }

    @GetMapping("/api/sse")
    SseEmitter sse(@RequestParam(defaultValue = "1000") long interval, @RequestParam(defaultValue = "lol") String event) {
        SseEmitter emitter = new SseEmitter();
        new Pieces(emitter, interval, event).next();
        return emitter;
    }

    /** Sends one piece, then schedules the next; stops when the emitter completes, times out or fails. */
    private final class Pieces implements Runnable {
        private final SseEmitter emitter;
        private final long interval;
        private final String event;
        private int sent;
        private volatile boolean done;
        private volatile ScheduledFuture<?> pending;

        Pieces(SseEmitter emitter, long interval, String event) {
            this.emitter = emitter;
            this.interval = interval;
            this.event = event;
            emitter.onCompletion(this::stop);
            emitter.onTimeout(this::stop);
            emitter.onError(e -> stop());
        }

        void next() {
            if (!done) {
                pending = scheduler.schedule(this, Instant.now().plusMillis(interval));
            }
        }

        @Override
        public void run() {
            try {
                emitter.send(SseEmitter.event().id(String.valueOf(sent + 1)).name(event).data(pieces.get(sent)));
                if (++sent == pieces.size()) {
                    emitter.complete();
                } else {
                    next();
                }
            } catch (Exception e) {
                // as the guides do: the client is gone, the builder refused a value, or the scheduler is shutting down
                emitter.completeWithError(e);
            }
        }

        private void stop() {
            done = true;
            ScheduledFuture<?> p = pending;
            if (p != null) {
                p.cancel(false);
            }
        }
    }
}
