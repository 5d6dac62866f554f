/**
 * The kit's reference EventSource for Java, on the JDK's {@link java.net.http.HttpClient} and the kit's parser:
 * reconnects with {@code retry} and {@code Last-Event-ID}, stops for good on 204 or a wrong Content-Type, follows
 * redirects up to a limit, backs off on repeated failures, and leaves no thread or connection behind after
 * {@code close()}.
 *
 * <pre>{@code
 * EventSource es = EventSource.builder(URI.create("https://api.example/chat"))
 *         .method("POST", "{\"prompt\":\"hi\"}")
 *         .header("Content-Type", "application/json")
 *         .header("Authorization", "Bearer " + token)
 *         .readTimeout(Duration.ofSeconds(60))
 *         .onOpen(open -> System.out.println("open " + open.url()))
 *         .onMessage(e -> System.out.println(e.data()))
 *         .on("done", e -> System.out.println("done: " + e.data()))
 *         .onError(err -> System.err.println(err.reason() + ": " + err.message()
 *                 + (err.willReconnect() ? ", again in " + err.reconnectDelay().toMillis() + " ms" : ", closed")))
 *         .build()
 *         .start();
 * ...
 * es.close(); // no callback after this returns
 * }</pre>
 *
 * <p>{@link dev.ssekit.client.EventSource} says what it does and when; {@link dev.ssekit.client.MessageEvent},
 * {@link dev.ssekit.client.OpenEvent} and {@link dev.ssekit.client.ErrorEvent} are what its callbacks get.
 */
package dev.ssekit.client;
