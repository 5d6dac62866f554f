package dev.ssekit.server.internal;

import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code GET/HEAD /docs/<path>} (API-028): the files of the docs site below one root, each answered as an
 * {@link SseResponse.File} that the adapter sends from disk (API-033); {@code /docs} and a directory without its slash
 * redirect to the slashed path; a path that could leave the root is 400 before any file is looked at
 * ({@link DocsFiles}). Unlike the API's routes it is a whole subtree, and it keeps serving while the core closes.
 */
public final class DocsRoute {

    /** The path the 404 answer names. */
    public static final String PATH = "/docs/";
    private static final String ALLOW = "GET, HEAD, OPTIONS";

    private final Path root;

    /** @param root the built site, or null for none */
    public DocsRoute(Path root) {
        this.root = root;
    }

    /** True for {@code /docs} and every path below {@code /docs/}. */
    public static boolean matches(String path) {
        return "/docs".equals(path) || (path != null && path.startsWith(PATH));
    }

    public SseResponse answer(SseRequest request, Map<String, List<String>> cors) throws BadRequest {
        String method = request.method();
        if ("OPTIONS".equals(method)) {
            return Cors.preflight(ALLOW, cors);
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Answers.methodNotAllowed(method, PATH, ALLOW, cors);
        }
        String path = request.path();
        if ("/docs".equals(path)) {
            return Answers.redirect(PATH, cors);
        }
        if (root == null || !Files.isDirectory(root)) {
            return Answers.text(404, cors, (root == null ? "this server has no docs site configured"
                    : "the docs site is not built: " + root + " does not exist")
                    + ". Build it with ./mvnw verify (or ./mvnw -B -ntp -pl docs -am verify), then start ./sse-kit serve,"
                    + " which serves docs/target/site, or pass --docs DIR.");
        }
        DocsFiles.Result r = DocsFiles.lookup(root, path.substring(PATH.length()));
        if (r instanceof DocsFiles.Found f) {
            return new SseResponse.File(200, Answers.headers(cors, "Content-Type", f.contentType(),
                    "Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff"), f.path(), f.length());
        } else if (r instanceof DocsFiles.Redirect) {
            return Answers.redirect(path + "/", cors);
        } else if (r instanceof DocsFiles.TooLarge t) {
            return Answers.text(500, cors, t.message());
        }
        return Answers.text(404, cors, ((DocsFiles.Missing) r).message());
    }
}
