package dev.ssekit.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What OutgoingEvent refuses, with the field and reason it names. */
class OutgoingEventTest {

    private static void refused(String field, String reason, String message, Executable construct) {
        InvalidEventException e = assertThrows(InvalidEventException.class, construct);
        assertEquals(field, e.field());
        assertEquals(reason, e.reason());
        assertEquals(message, e.getMessage());
    }

    @Test
    @DisplayName("[ENC-003] id must not contain CR or LF: either would end the line and inject a field")
    void idRejectsLineBreaks() {
        refused("id", "LF", "id must not contain LF (U+000A) at index 3",
                () -> OutgoingEvent.data("x").withId("abc\ndata: evil"));
        refused("id", "CR", "id must not contain CR (U+000D) at index 0", () -> OutgoingEvent.data("x").withId("\r"));
        refused("id", "CR", "id must not contain CR (U+000D) at index 1", () -> OutgoingEvent.data("x").withId("a\r\n"));
    }

    @Test
    @DisplayName("[ENC-003,PARSE-018] id must not contain NUL: a browser would ignore the whole id")
    void idRejectsNul() {
        refused("id", "NUL", "id must not contain NUL (U+0000) at index 1", () -> OutgoingEvent.data("x").withId("1\u00002"));
    }

    @Test
    @DisplayName("[ENC-004] event must not contain CR, LF or NUL; the first offending character wins")
    void eventRejectsLineBreaksAndNul() {
        refused("event", "NUL", "event must not contain NUL (U+0000) at index 1",
                () -> OutgoingEvent.data("x").withEvent("a\u0000\n"));
        refused("event", "LF", "event must not contain LF (U+000A) at index 1",
                () -> OutgoingEvent.data("x").withEvent("a\n\u0000"));
        refused("event", "CR", "event must not contain CR (U+000D) at index 2",
                () -> OutgoingEvent.data("x").withEvent("ab\r"));
    }

    @Test
    @DisplayName("[ENC-005] no field may contain an unpaired surrogate: it has no UTF-8 form")
    void rejectsLoneSurrogates() {
        refused("data", "surrogate", "data must not contain an unpaired surrogate (U+D83D) at index 1",
                () -> OutgoingEvent.data("a\uD83D"));
        refused("data", "surrogate", "data must not contain an unpaired surrogate (U+DE00) at index 0",
                () -> OutgoingEvent.data("\uDE00\uD83D"));
        refused("comment", "surrogate", "comment must not contain an unpaired surrogate (U+D800) at index 0",
                () -> OutgoingEvent.comment("\uD800x"));
        refused("id", "surrogate", "id must not contain an unpaired surrogate (U+DC00) at index 2",
                () -> OutgoingEvent.data("x").withId("😀\uDC00"));
        refused("event", "surrogate", "event must not contain an unpaired surrogate (U+D800) at index 0",
                () -> OutgoingEvent.data("x").withEvent("\uD800\n"));
        assertDoesNotThrow(() -> OutgoingEvent.data("😀\uD83D\uDE00").withId("😀").withEvent("😀").withComment("😀"));
    }

    @Test
    @DisplayName("[ENC-001] CR, LF and NUL are allowed in data and comments")
    void dataAndCommentAllowLineBreaks() {
        assertDoesNotThrow(() -> new OutgoingEvent("a\r\nb\u0000", null, null, null, "c\rd\ne\u0000"));
    }

    @Test
    @DisplayName("[ENC-006] retry must not be negative: only digits reach the wire")
    void retryRejectsNegative() {
        refused("retry", "negative", "retry must not be negative, got -1", () -> OutgoingEvent.data("x").withRetry(-1));
        assertEquals(0L, OutgoingEvent.data("x").withRetry(0).retry());
    }

    @Test
    @DisplayName("[ENC-007] an event with no component, or only an empty event type, is refused")
    void rejectsEmpty() {
        String message = "message must have at least one of comment, retry, id, event (non-empty), data";
        refused("message", "empty", message, () -> new OutgoingEvent(null, null, null, null, null));
        refused("message", "empty", message, () -> new OutgoingEvent(null, null, null, "", null));
    }

    @Test
    @DisplayName("[ENC-008] the factories and withers set one component each and keep the rest")
    void factoriesAndWithers() {
        OutgoingEvent e = OutgoingEvent.data("d");
        assertEquals(new OutgoingEvent(null, null, null, null, "d"), e);
        assertEquals(new OutgoingEvent("c", null, null, null, null), OutgoingEvent.comment("c"));
        OutgoingEvent all = e.withId("1").withEvent("t").withRetry(9).withComment("c");
        assertEquals(new OutgoingEvent("c", 9L, "1", "t", "d"), all);
        assertNull(e.id());
        assertTrue(all.toString().contains("d"));
    }
}
