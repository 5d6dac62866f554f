package dev.ssekit.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A bundled document, LF-normalised and cut into pieces of one Unicode code point each (API-007, API-008).
 *
 * @param name the {@code doc} query value
 * @param text the LF-normalised text: what the concatenated {@code e.data} of a full stream equals
 * @param pieces one code point per piece, never half a surrogate pair
 */
public record Document(String name, String text, List<String> pieces) {

    /** {@code "A\n 中😀👨‍👧"}: a letter, LF, a space, a CJK character, an emoji, and a ZWJ sequence cut in three. */
    public static final String PROBE_TEXT = "A\n \u4e2d\ud83d\ude00\ud83d\udc68\u200d\ud83d\udc67";

    private static final Map<String, Document> BUNDLED = Map.of(
            "tutorial", of("tutorial", resource("documents/tutorial.txt")),
            "probe", of("probe", PROBE_TEXT));

    public Document {
        pieces = List.copyOf(pieces);
    }

    /** The bundled document of this name, or null. */
    public static Document bundled(String name) {
        return name == null ? null : BUNDLED.get(name);
    }

    /** Names of the bundled documents, sorted. */
    public static List<String> bundledNames() {
        List<String> names = new ArrayList<>(BUNDLED.keySet());
        Collections.sort(names);
        return names;
    }

    /** A document from raw text: line ends normalised, then cut into code points. */
    public static Document of(String name, String raw) {
        String text = normaliseLineEnds(raw);
        return new Document(name, text, codePoints(text));
    }

    /** CRLF and lone CR become LF: an event stream cannot carry a CR inside data (PARSE-031). */
    public static String normaliseLineEnds(String s) {
        if (s.indexOf('\r') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                b.append('\n');
                if (i + 1 < n && s.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * One string per code point.
     *
     * @throws IllegalArgumentException on an unpaired surrogate, which has no UTF-8 form
     */
    public static List<String> codePoints(String s) {
        List<String> out = new ArrayList<>(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isSurrogate((char) cp)) {
                throw new IllegalArgumentException("unpaired surrogate at index " + i);
            }
            int len = Character.charCount(cp);
            out.add(s.substring(i, i + len));
            i += len;
        }
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = Document.class.getResourceAsStream("/dev/ssekit/server/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/ssekit/server/" + path);
            }
            byte[] bytes = in.readAllBytes();
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\ufeff") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(path + " is not valid UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
