package dev.ssekit.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory streams every parser reads in the benchmark. Deterministic, so all parsers and all runs see the same
 * bytes. Each ends with a blank line, so every event is dispatched by every parser that gets the basics right.
 */
public final class Corpora {

    /** Names, in report order. */
    public static final List<String> NAMES = List.of("tokens", "json-4k", "multiline", "crlf", "stream-1mib");

    static final int CHUNK = 8 * 1024;

    /** A body, how it is cut into chunks, and how many events it holds. */
    public record Corpus(String name, String description, byte[] bytes, List<byte[]> chunks, int events) {
    }

    private static final Map<String, Corpus> CACHE = new ConcurrentHashMap<>();

    private Corpora() {
    }

    public static Corpus get(String name) {
        return CACHE.computeIfAbsent(name, Corpora::build);
    }

    private static Corpus build(String name) {
        StringBuilder b = new StringBuilder();
        int events;
        String description;
        boolean chunked = false;
        switch (name) {
            case "tokens" -> {
                // LLM-style streaming: one small JSON token per event, ~20 bytes of data.
                events = 4096;
                for (int i = 0; i < events; i++) {
                    b.append("data: {\"t\":\"tok").append(String.format("%06d", i)).append("\"}\n\n");
                }
                description = events + " token events, ~20-byte data, LF, one chunk";
            }
            case "json-4k" -> {
                events = 64;
                for (int i = 0; i < events; i++) {
                    b.append("event: update\nid: ").append(i).append("\ndata: ").append(json(4096, i)).append("\n\n");
                }
                description = events + " events of 4 KiB JSON with event and id, LF, one chunk";
            }
            case "multiline" -> {
                events = 512;
                for (int i = 0; i < events; i++) {
                    for (int l = 0; l < 8; l++) {
                        b.append("data: line ").append(l).append(" of event ").append(i)
                                .append(" lorem ipsum dolor sit amet consectetur\n");
                    }
                    b.append('\n');
                }
                description = events + " events of 8 data lines (~60 B each), LF, one chunk";
            }
            case "crlf" -> {
                events = 2048;
                for (int i = 0; i < events; i++) {
                    b.append("event: tick\r\nid: ").append(i).append("\r\ndata: {\"n\":").append(i)
                            .append(",\"v\":\"abcdefgh\"}\r\n\r\n");
                }
                description = events + " events with event, id and ~30-byte data, CRLF, one chunk";
            }
            case "stream-1mib" -> {
                int i = 0;
                while (b.length() < (1 << 20) - 400) {
                    if (i % 16 == 0) {
                        b.append(": keep-alive\n");
                    }
                    b.append("id: ").append(i).append("\ndata: ").append(json(160 + (i * 37) % 200, i)).append("\n\n");
                    i++;
                }
                events = i;
                chunked = true;
                description = events + " events of 160-360 B JSON with ids and comments, ~1 MiB, 8 KiB chunks";
            }
            default -> throw new IllegalArgumentException("unknown corpus " + name + "; known: " + NAMES);
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        List<byte[]> chunks = new ArrayList<>();
        if (chunked) {
            for (int off = 0; off < bytes.length; off += CHUNK) {
                chunks.add(Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + CHUNK)));
            }
        } else {
            chunks.add(bytes);
        }
        return new Corpus(name, description, bytes, List.copyOf(chunks), events);
    }

    /** A JSON object of about {@code size} bytes, on one line. */
    static String json(int size, int seed) {
        StringBuilder s = new StringBuilder(size + 32);
        s.append("{\"seq\":").append(seed).append(",\"items\":[");
        int k = 0;
        while (s.length() < size - 40) {
            if (k > 0) {
                s.append(',');
            }
            s.append("{\"k\":").append(k).append(",\"name\":\"item-").append(k).append("\",\"ok\":true}");
            k++;
        }
        s.append("],\"end\":true}");
        return s.toString();
    }
}
