package dev.ssekit.conformance;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A server under the suite: where it listens, what it offers, and how to stop it. The suite needs nothing else of it,
 * so any server joins, whatever it is built on. What a subject declares it offers is taken as offered (a broken
 * offer then fails); what it does not declare is looked for, and cases that need what is missing are
 * {@code not-applicable}, with the reason.
 */
public final class Subject implements AutoCloseable {

    private final String name;
    private final String baseUrl;
    private final Set<Offer> offers;
    private final String document;
    private final long timeoutMs;
    private final long closeGraceMs;
    private final String description;
    private final boolean strict;
    private final Runnable close;
    private final String eventType;

    private Subject(String name, String baseUrl, Set<Offer> offers, String document, long timeoutMs, long closeGraceMs,
            String description, boolean strict, Runnable close, String eventType) {
        this.name = Objects.requireNonNull(name, "name");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.offers = offers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(offers));
        this.document = document;
        this.timeoutMs = timeoutMs;
        this.closeGraceMs = closeGraceMs;
        this.description = description;
        this.strict = strict;
        this.close = Objects.requireNonNull(close, "close");
        this.eventType = eventType;
        Target.of(baseUrl); // refuses what is not an http(s) URL now, not in the middle of the suite
    }

    /**
     * A subject named {@code name} (its results file is {@code <name>.json}) listening at {@code baseUrl}
     * ({@code http://127.0.0.1:3000}, its event stream at {@code /api/sse}; or the stream's own URL), offering
     * nothing declared yet; {@code close} stops it.
     */
    public static Subject at(String name, String baseUrl, Runnable close) {
        return new Subject(name, baseUrl, Set.of(), null, CheckOptions.DEFAULT_TIMEOUT_MS, -1, null, false, close, null);
    }

    /** Declares what it offers. */
    public Subject offering(Set<Offer> offered) {
        return new Subject(name, baseUrl, offered, document, timeoutMs, closeGraceMs, description, strict, close, eventType);
    }

    public Subject offering(Offer... offered) {
        return offering(Set.of(offered));
    }

    /** The text its stream carries piece by piece, for the {@code check/document} cases. */
    public Subject carrying(String text) {
        return new Subject(name, baseUrl, offers, text, timeoutMs, closeGraceMs, description, strict, close, eventType);
    }

    /** The bound of every read (default {@value CheckOptions#DEFAULT_TIMEOUT_MS} ms), for a subject that streams slowly. */
    public Subject readingFor(long ms) {
        return new Subject(name, baseUrl, offers, document, ms, closeGraceMs, description, strict, close, eventType);
    }

    /**
     * It runs in the suite's JVM: its heap can be measured (API-024), and closing it must end every thread it
     * started within {@code closeGraceMs} and a margin (API-016).
     */
    public Subject inThisJvm(long closeGraceMs) {
        return new Subject(name, baseUrl, offers, document, timeoutMs, closeGraceMs, description, strict, close, eventType);
    }

    /** A line for the results file's {@code meta}. */
    public Subject describedAs(String text) {
        return new Subject(name, baseUrl, offers, document, timeoutMs, closeGraceMs, text, strict, close, eventType);
    }

    /** The event type its page listens for ({@code lol} for the tutorial's), for {@code check/generic/event-type}. */
    public Subject listeningFor(String type) {
        return new Subject(name, baseUrl, offers, document, timeoutMs, closeGraceMs, description, strict, close, type);
    }

    /** It is held to every SHOULD as to a MUST: a non-strict case fails its test too (the kit's reference servers). */
    public Subject strict() {
        return new Subject(name, baseUrl, offers, document, timeoutMs, closeGraceMs, description, true, close, eventType);
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Set<Offer> offers() {
        return offers;
    }

    /** The text its stream carries, or null when unknown. */
    public String document() {
        return document;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    public boolean runsInThisJvm() {
        return closeGraceMs >= 0;
    }

    /** How long closing may take when it runs in this JVM; -1 otherwise. */
    public long closeGraceMs() {
        return closeGraceMs;
    }

    /** Null when none was given. */
    public String description() {
        return description;
    }

    public boolean isStrict() {
        return strict;
    }

    public Target target() {
        return Target.of(baseUrl);
    }

    /** How the engine checks it: {@code heapProbe} is used only when it runs in this JVM. */
    public CheckOptions checkOptions(java.util.function.LongSupplier heapProbe) {
        return CheckOptions.external(target(), timeoutMs, document).withOffered(offers)
                .withHeapProbe(runsInThisJvm() ? heapProbe : null).withEventType(eventType);
    }

    @Override
    public void close() {
        close.run();
    }

    @Override
    public String toString() {
        return name + " at " + baseUrl + " offering " + offers;
    }
}
