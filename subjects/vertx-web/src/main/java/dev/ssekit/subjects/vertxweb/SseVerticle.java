package dev.ssekit.subjects.vertxweb;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.nio.charset.StandardCharsets;

/**
 * The tutorial's {@code GET /api/sse} written the way Vert.x Web users write server-sent events: Vert.x Web has an
 * SSE client but no server-side SSE API, so its users set {@code text/event-stream} on a chunked response, write
 * the fields themselves from a periodic timer and cancel the timer when the connection closes. The document goes
 * one code point per event, {@code id} 1, 2, ..., type {@code lol} or the {@code event} parameter as given, every
 * {@code interval} ms (default 1000); the response ends after the last piece. Any origin may read it.
 *
 * <p>This is a subject under test, not an example to follow: its defects are the kit's findings (README.md).
 */
public class SseVerticle extends VerticleBase {

    private HttpServer server;
    private String document;

    /** Runs it on {@code http.port} (default 3000, or the first argument) of {@code http.host} (default 127.0.0.1). */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(new SseVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("http.port", port)))
                .onSuccess(id -> System.out.println("listening on http://127.0.0.1:" + port + "/api/sse"))
                .onFailure(e -> {
                    e.printStackTrace();
                    vertx.close();
                });
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        // no origin added: CorsHandler answers any origin with *
        router.route().handler(CorsHandler.create());
        router.get("/api/sse").handler(this::stream);
        return vertx.fileSystem().readFile("data.txt").compose(text -> {
            document = text.toString(StandardCharsets.UTF_8);
            server = vertx.createHttpServer().requestHandler(router);
            return server.listen(config().getInteger("http.port", 3000), config().getString("http.host", "127.0.0.1"));
        });
    }

    /** The port it listens on, once started (the configured one, or the one chosen for port 0). */
    public int port() {
        return server.actualPort();
    }

    private void stream(RoutingContext ctx) {
        // setPeriodic refuses a delay under 1 ms
        long interval = Math.max(1, Long.parseLong(ctx.request().getParam("interval", "1000")));
        String type = ctx.request().getParam("event", "lol");
        int[] pieces = document.codePoints().toArray();
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader(HttpHeaders.CONNECTION, "keep-alive");
        int[] next = {0};
        long timer = vertx.setPeriodic(interval, id -> {
            int i = next[0]++;
            response.write("id: " + (i + 1) + "\nevent: " + type + "\ndata: " + Character.toString(pieces[i]) + "\n\n");
            if (i == pieces.length - 1) {
                vertx.cancelTimer(id);
                response.end();
            }
        });
        response.closeHandler(v -> vertx.cancelTimer(timer));
    }
}
