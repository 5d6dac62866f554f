package dev.ssekit.spec;

/** Makes invisible characters visible in failure messages: CR, LF, NUL and other controls. */
public final class Escapes {

    private Escapes() {
    }

    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\ufeff' || c == '\ufffd' || Character.isSurrogate(c)
                            && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A quoted, escaped string: {@code "a\nb"}. */
    public static String quote(String s) {
        return s == null ? "null" : '"' + escape(s) + '"';
    }

    /** Bytes as lowercase hex pairs separated by spaces, for byte-level detail. */
    public static String hex(byte[] bytes, int max) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(bytes.length, max);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(String.format("%02x", bytes[i] & 0xff));
        }
        if (bytes.length > n) {
            b.append(" ... (").append(bytes.length).append(" bytes)");
        }
        return b.toString();
    }
}
