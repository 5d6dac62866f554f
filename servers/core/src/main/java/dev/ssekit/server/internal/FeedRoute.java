package dev.ssekit.server.internal;

import dev.ssekit.server.FeedStore;
import dev.ssekit.server.FeedUnavailableException;
import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /api/feed}: {@code GET} subscribes to the broadcast feed, with replay on {@code Last-Event-ID} (API-019,
 * API-020; an id ahead of the feed's newest is 400); {@code POST} publishes the body, UTF-8 text of at most
 * {@code maxBody} bytes, as the data of one event (API-021), with the publish token, and answers 202 with the new id.
 *
 * <p>With a feed store, a publish is the store's append and answers once the store gave the id, or 503 with the
 * store's reason. A {@code Last-Event-ID} ahead of what this server has read may come from a faster server: the route
 * asks the store for its newest id (400 when the id is ahead of that too, as without a store) and waits until this
 * server has read up to it before the stream opens, within the request deadline; when it cannot (the store does not
 * answer, or this server does not get there in time), the stream opens with that id and a {@code feed cut:} comment
 * and ends, so that the client comes back with its {@code Last-Event-ID} rather than failing for good on a 503.
 */
public final class FeedRoute implements Route {

    private final FeedHub hub;
    private final FeedStore store;
    private final PublishToken token;
    private final int maxBody;
    private final long deadlineMs;

    public FeedRoute(FeedHub hub, FeedStore store, PublishToken token, int maxBody, long deadlineMs) {
        this.hub = hub;
        this.store = store;
        this.token = token;
        this.maxBody = maxBody;
        this.deadlineMs = deadlineMs;
    }

    @Override
    public String path() {
        return "/api/feed";
    }

    @Override
    public String allow() {
        return "GET, HEAD, POST, OPTIONS";
    }

    @Override
    public SseResponse answer(SseRequest request, Map<String, List<String>> cors) throws BadRequest {
        return "POST".equals(request.method()) ? publish(request, cors) : subscribe(request, cors);
    }

    /** A publish without the token is refused from its head alone, before its body is read. */
    @Override
    public SseResponse refuseBeforeBody(SseRequest head, Map<String, List<String>> cors) {
        return "POST".equals(head.method()) ? token.refusal(head, cors) : null;
    }

    private SseResponse subscribe(SseRequest request, Map<String, List<String>> cors) throws BadRequest {
        long after = LastEventId.parse(request.headers().get("last-event-id"));
        long latest = hub.latest();
        if (after <= latest) {
            return stream(after, cors);
        }
        if (store == null) {
            throw ahead(after, latest);
        }
        long start = System.nanoTime();
        CompletionStage<SseResponse> answer = bounded(store.newest()).thenCompose(newest -> {
            if (after > newest) {
                return CompletableFuture.completedFuture(Answers.badRequest(cors, ahead(after, newest).getMessage()));
            }
            // what is left of the deadline, on the hub's own future, so that a waiter that times out leaves the hub
            long left = Math.max(1, deadlineMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return hub.reached(after).orTimeout(left, TimeUnit.MILLISECONDS).thenApply(reached -> stream(after, cors));
        }).exceptionally(e -> {
            // not a 503: an EventSource fails for good on any status but 200, and this client only has to come back
            String why = reason(e, "this server has not read the feed up to " + after + " within " + deadlineMs
                    + " ms");
            EventStream cut = hub.cutStream(after, why);
            return new SseResponse.Stream(200, Answers.stream(cors), cut::open);
        });
        return new SseResponse.Later(answer);
    }

    private static BadRequest ahead(long after, long newest) {
        return new BadRequest("header \"" + LastEventId.HEADER + "\" is " + after
                + ", ahead of the feed's newest id " + newest);
    }

    private SseResponse stream(long after, Map<String, List<String>> cors) {
        FeedStream stream = hub.subscriber(after);
        return new SseResponse.Stream(200, Answers.stream(cors), stream::open);
    }

    /** The store's own bound comes first; this one is the request deadline, so that nothing waits longer. */
    private <T> CompletableFuture<T> bounded(CompletionStage<T> stage) {
        return stage.toCompletableFuture().copy().orTimeout(deadlineMs, TimeUnit.MILLISECONDS);
    }

    /** 503 with the store's reason, or {@code timedOut} when the wait ran out. */
    private SseResponse unavailable(Throwable e, Map<String, List<String>> cors, String timedOut) {
        return Answers.text(503, Answers.headers(cors, "Retry-After", "1"), reason(e, timedOut));
    }

    /** The store's reason, or {@code timedOut} when the wait ran out. */
    private static String reason(Throwable e, String timedOut) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof FeedUnavailableException ? cause.getMessage()
                : cause instanceof TimeoutException ? timedOut
                : "the feed's store failed: " + cause;
    }

    private SseResponse publish(SseRequest request, Map<String, List<String>> cors) throws BadRequest {
        SseResponse refused = token.refusal(request, cors);
        if (refused != null) {
            return refused;
        }
        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (body.length > maxBody) {
            Admission.Refusal tooLarge = Admission.bodyTooLarge(body.length, maxBody);
            return Answers.refused(tooLarge.status(), tooLarge.reason(), cors);
        }
        String data;
        try {
            data = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("the body must be UTF-8 text; it is not valid UTF-8");
        }
        if (store == null) {
            return published(hub.publish(data), cors);
        }
        CompletionStage<SseResponse> answer = bounded(store.append(data))
                .thenApply(id -> published(id, cors))
                .exceptionally(e -> unavailable(e, cors, "the feed's store did not take the event within "
                        + deadlineMs + " ms"));
        return new SseResponse.Later(answer);
    }

    private static SseResponse published(long id, Map<String, List<String>> cors) {
        return Answers.full(202, Answers.headers(cors, "Content-Type", Answers.TEXT, "Cache-Control", "no-store"),
                Long.toString(id).getBytes(StandardCharsets.US_ASCII));
    }
}
