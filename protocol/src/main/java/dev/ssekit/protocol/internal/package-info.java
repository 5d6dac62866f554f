/**
 * Implementation helpers of {@code dev.ssekit.protocol}: SWAR byte scanning, a WHATWG UTF-8 decoder, growable
 * byte buffers and byte sinks.
 *
 * <p><strong>Not API.</strong> Everything here may change or disappear in any release. The classes are public only
 * so that the parser and encoder in the parent package can use them; the kit ships no {@code module-info} (it
 * would complicate the shaded command-line jar), so this note is the only fence.
 */
package dev.ssekit.protocol.internal;
