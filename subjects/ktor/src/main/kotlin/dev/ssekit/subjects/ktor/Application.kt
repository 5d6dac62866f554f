package dev.ssekit.subjects.ktor

import io.ktor.server.application.Application
import io.ktor.server.application.install
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.netty.NettyApplicationEngine
import io.ktor.server.plugins.cors.routing.CORS
import io.ktor.server.routing.routing
import io.ktor.server.sse.SSE
import io.ktor.server.sse.sse
import io.ktor.sse.ServerSentEvent
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking

/*
 * The tutorial's GET /api/sse written with Ktor's own SSE API, as its documentation shows: install(SSE), an
 * sse("/api/sse") { } route that sends one ServerSentEvent per code point of data.txt (id 1, 2, ..., type lol or
 * the event parameter as given, every interval ms, default 1000); the response ends when the block returns.
 * CORS for any host. A subject under test, not an example to follow: its defects are the kit's findings (README.md).
 */

fun main(args: Array<String>) {
    val port = args.firstOrNull()?.toInt() ?: 3000
    embeddedServer(Netty, port = port, host = "127.0.0.1", module = Application::module).start(wait = true)
}

fun Application.module() {
    val document = environment.classLoader.getResource("data.txt")!!.readText()
    install(CORS) {
        anyHost()
    }
    install(SSE)
    routing {
        sse("/api/sse") {
            val interval = call.request.queryParameters["interval"]?.toLong() ?: 1000L
            val type = call.request.queryParameters["event"] ?: "lol"
            var id = 0
            for (codePoint in document.codePoints().toArray()) {
                delay(interval)
                id++
                send(ServerSentEvent(data = Character.toString(codePoint), event = type, id = id.toString()))
            }
        }
    }
}

/** Starts it on [host]:[port] without blocking, for whoever embeds it (its test). */
fun start(host: String, port: Int): EmbeddedServer<NettyApplicationEngine, NettyApplicationEngine.Configuration> =
    embeddedServer(Netty, port = port, host = host, module = Application::module).start(wait = false)

/** The port a started server listens on (the one chosen for port 0). */
fun boundPort(server: EmbeddedServer<*, *>): Int = runBlocking { server.engine.resolvedConnectors().first().port }
