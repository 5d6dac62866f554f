package dev.ssekit.subjects.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GET /api/sse the way the blog posts write it: {@code startAsync()}, a worker thread that writes each event with
 * the response's writer and flushes it. data.txt one code point per event, type {@code lol} (or {@code event}, written
 * as given), ids 1, 2, ..., one event every {@code interval} ms, then {@code complete()}. The Servlet API has no SSE
 * API, so the fields are strings: what that does with a space, a newline or a CR in {@code event} is a finding.
 */
public class SseServlet extends HttpServlet {

    private List<String> pieces;
    private ExecutorService workers;

    @Override
    public void init() throws ServletException {
        try (InputStream in = SseServlet.class.getResourceAsStream("/data.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            pieces = text.codePoints().mapToObj(Character::toString).toList();
        } catch (IOException e) {
            throw new ServletException("data.txt", e);
        }
        AtomicInteger n = new AtomicInteger();
        // named so that a test can see whether any outlives the server
        workers = Executors.newCachedThreadPool(r -> new Thread(r, "sse-servlet-" + n.incrementAndGet()));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String intervalParam = req.getParameter("interval");
        long interval = intervalParam == null ? 1000 : Long.parseLong(intervalParam);
        String eventParam = req.getParameter("event");
        String event = eventParam == null ? "lol" : eventParam;

        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        workers.execute(() -> {
            try {
                PrintWriter out = async.getResponse().getWriter();
                for (int i = 0; i < pieces.size(); i++) {
                    Thread.sleep(interval);
                    out.write("id: " + (i + 1) + "\n");
                    out.write("event: " + event + "\n");
                    out.write("data: " + pieces.get(i) + "\n\n");
                    out.flush();
                    if (out.checkError()) {
                        break; // the client went away
                    }
                }
            } catch (IOException e) {
                log("writer", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                async.complete();
            }
        });
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
