package dev.ssekit.server.internal;

import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/feed}: {@code GET} subscribes to the broadcast feed, with replay on {@code Last-Event-ID} (API-019,
 * API-020; an id ahead of the feed's newest is 400); {@code POST} publishes the body, UTF-8 text of at most
 * {@code maxBody} bytes, as the data of one event (API-021), with the publish token, and answers 202 with the new id.
 */
public final class FeedRoute implements Route {

    private final FeedHub hub;
    private final PublishToken token;
    private final int maxBody;

    public FeedRoute(FeedHub hub, PublishToken token, int maxBody) {
        this.hub = hub;
        this.token = token;
        this.maxBody = maxBody;
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
        if (after > latest) {
            throw new BadRequest("header \"" + LastEventId.HEADER + "\" is " + after
                    + ", ahead of the feed's newest id " + latest);
        }
        FeedStream stream = hub.subscriber(after);
        return new SseResponse.Stream(200, Answers.stream(cors), stream::open);
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
        long id = hub.publish(data);
        return Answers.full(202, Answers.headers(cors, "Content-Type", Answers.TEXT, "Cache-Control", "no-store"),
                Long.toString(id).getBytes(StandardCharsets.US_ASCII));
    }
}
