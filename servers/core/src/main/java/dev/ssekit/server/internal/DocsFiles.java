package dev.ssekit.server.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The files of the docs site below one root directory, for {@code GET /docs/<path>} (API-028). Only names below the
 * root are ever opened: the path is percent-decoded strictly, and a backslash, a {@code .} or {@code ..} segment,
 * an empty segment (so no absolute path), a colon or a NUL is refused before any file is looked at; the resolved
 * file must also lie below the root's real path, so a symbolic link cannot lead out. Files of up to
 * {@link #MAX_FILE_BYTES} are found; the adapter sends them from disk (API-033).
 */
public final class DocsFiles {

    /** The largest file served; the site is small, and a larger file answers 500 naming the limit. */
    public static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("adoc", "text/plain; charset=utf-8"),
            Map.entry("xml", "application/xml"));

    /** What a lookup found. */
    public sealed interface Result {
    }

    /** A regular file below the root (its real path), its length when looked up, and its Content-Type. */
    public record Found(String contentType, Path path, long length) implements Result {
    }

    /** A directory asked for without its trailing slash: redirect so that relative links resolve. */
    public record Redirect() implements Result {
    }

    /** Nothing there (404), with a message. */
    public record Missing(String message) implements Result {
    }

    /** A file over {@link #MAX_FILE_BYTES} (500), with a message. */
    public record TooLarge(String message) implements Result {
    }

    private DocsFiles() {
    }

    /**
     * Looks up {@code rawRest}, the still percent-encoded path after {@code /docs/} (empty for the root).
     *
     * @throws BadRequest for a path that could name something outside the root, naming the problem
     */
    public static Result lookup(Path root, String rawRest) throws BadRequest {
        String rest = decodePath(rawRest);
        boolean wantsDir = rest.isEmpty() || rest.endsWith("/");
        String[] segments = wantsDir && !rest.isEmpty() ? rest.substring(0, rest.length() - 1).split("/", -1)
                : rest.isEmpty() ? new String[0] : rest.split("/", -1);
        for (String seg : segments) {
            if (seg.isEmpty()) {
                throw new BadRequest("the docs path " + BadRequest.quote(rest)
                        + " has an empty segment (\"//\" or a leading \"/\"); an absolute path is not allowed");
            }
            if (seg.equals("..") || seg.equals(".")) {
                throw new BadRequest("the docs path " + BadRequest.quote(rest) + " has a " + BadRequest.quote(seg)
                        + " segment; paths that climb or stay are not allowed");
            }
            if (seg.indexOf(':') >= 0) {
                throw new BadRequest("the docs path " + BadRequest.quote(rest)
                        + " contains a colon, which could name a drive or stream; it is not allowed");
            }
        }
        try {
            Path realRoot = root.toRealPath();
            Path file = realRoot;
            for (String seg : segments) {
                file = file.resolve(seg);
            }
            file = file.normalize();
            if (!file.startsWith(realRoot)) { // cannot happen after the checks above; kept as the last guard
                throw new BadRequest("the docs path " + BadRequest.quote(rest) + " leads outside the docs root");
            }
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
                return new Missing("no file docs/" + rest + " in the docs site");
            }
            Path real = file.toRealPath();
            if (!real.startsWith(realRoot)) {
                return new Missing("no file docs/" + rest + " in the docs site (a link that leads outside it)");
            }
            if (Files.isDirectory(real)) {
                if (!wantsDir) {
                    return new Redirect();
                }
                real = real.resolve("index.html");
                if (!Files.isRegularFile(real)) {
                    return new Missing("the directory docs/" + rest + " has no index.html");
                }
            } else if (wantsDir) {
                return new Missing("docs/" + rest + " is a file, not a directory");
            } else if (!Files.isRegularFile(real)) {
                return new Missing("docs/" + rest + " is not a regular file");
            }
            long size = Files.size(real);
            if (size > MAX_FILE_BYTES) {
                return new TooLarge(tooLarge(rest, size));
            }
            return new Found(contentType(real.getFileName().toString()), real, size);
        } catch (NoSuchFileException e) {
            return new Missing("no file docs/" + rest + " in the docs site");
        } catch (IOException e) {
            return new Missing("docs/" + rest + " cannot be read: " + e.getMessage());
        }
    }

    private static String tooLarge(String rest, long size) {
        return "docs/" + rest + " is " + size + " bytes; the docs server serves files of at most " + MAX_FILE_BYTES
                + " bytes (8 MiB)";
    }

    /** The Content-Type for a file name's extension; unknown ones are {@code application/octet-stream}. */
    public static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    /** Strict percent-decoding of a path ({@code +} stays {@code +}); refuses backslashes and NULs, raw or encoded. */
    static String decodePath(String raw) throws BadRequest {
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new BadRequest("the docs path " + BadRequest.quote(raw)
                            + " is not valid percent-encoding at character " + i);
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                throw new BadRequest("the docs path " + BadRequest.quote(raw) + " holds a raw non-ASCII character");
            }
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("the docs path " + BadRequest.quote(raw) + " is not UTF-8 once percent-decoded");
        }
        if (s.indexOf('\\') >= 0) {
            throw new BadRequest("the docs path " + BadRequest.quote(s) + " contains a backslash; use \"/\" only");
        }
        if (s.indexOf('\u0000') >= 0) {
            throw new BadRequest("the docs path " + BadRequest.quote(s) + " contains a NUL character");
        }
        return s;
    }
}
