package dev.ssekit.spec.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The clients' view of results files: columns are clients (the harness's {@code client-<name>.json}, meta
 * {@code kind=client}), rows are client scenarios grouped by theme (the second segment of {@code client/<theme>/...}).
 * Clients are subjects of another kind than servers and parsers, so they have this matrix of their own and stay out of
 * {@link ResultsMatrix}'s requirement rows on the compare pages. The compare report and the docs site both render it.
 */
public final class ClientsMatrix {

    /** The meta value of {@code kind} that marks a client's results file. */
    public static final String KIND = "client";

    /**
     * A checked client: its subject ({@code client-java}), the name and version it was checked at, the capabilities
     * its test service claimed.
     */
    public record Client(String subject, String name, String version, List<String> capabilities, ResultsFile file) {
        /** Name and version, as a column heading reads. */
        public String label() {
            return version.isEmpty() ? name : name + " " + version;
        }

        public Map<Outcome, Integer> counts() {
            return file.counts();
        }
    }

    /** A scenario ID, the requirements its entries cite, and each client's entry (null where it has none). */
    public record Row(String scenario, String theme, List<String> requirements, List<ResultEntry> cells) {
    }

    /** The scenarios of one theme ({@code last-event-id}, {@code retry}, ...), in the order they were first seen. */
    public record Theme(String name, List<Row> rows) {
    }

    private final List<Client> clients;
    private final List<Theme> themes;

    private ClientsMatrix(List<Client> clients, List<Theme> themes) {
        this.clients = clients;
        this.themes = themes;
    }

    /** Whether a results file is a client's: meta {@code kind=client}, or a subject named {@code client-...}. */
    public static boolean isClient(ResultsFile f) {
        return KIND.equals(f.meta().get("kind")) || f.subject().startsWith("client-");
    }

    /** The theme of a scenario ID: its second segment ({@code client/retry/leading-zeros} is {@code retry}). */
    public static String theme(String scenarioId) {
        String[] parts = scenarioId.split("/");
        return parts.length >= 3 ? parts[1] : parts.length == 2 ? parts[0] : "other";
    }

    /** The matrix of the client files among {@code files}, in their order; the other files are ignored. */
    public static ClientsMatrix of(List<ResultsFile> files) {
        List<Client> clients = new ArrayList<>();
        for (ResultsFile f : files) {
            if (isClient(f)) {
                clients.add(client(f));
            }
        }
        // scenario -> one entry per client, and the requirements any client's entry cites
        Map<String, ResultEntry[]> cells = new LinkedHashMap<>();
        Map<String, Set<String>> reqs = new LinkedHashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            for (ResultEntry e : clients.get(i).file().entries()) {
                cells.computeIfAbsent(e.id(), k -> new ResultEntry[clients.size()])[i] = e;
                reqs.computeIfAbsent(e.id(), k -> new LinkedHashSet<>()).addAll(e.requirements());
            }
        }
        Map<String, List<Row>> byTheme = new LinkedHashMap<>();
        cells.forEach((id, row) -> byTheme.computeIfAbsent(theme(id), k -> new ArrayList<>()).add(new Row(id, theme(id),
                List.copyOf(reqs.get(id)), Collections.unmodifiableList(Arrays.asList(row)))));
        List<Theme> themes = new ArrayList<>();
        byTheme.forEach((name, rows) -> themes.add(new Theme(name, List.copyOf(rows))));
        return new ClientsMatrix(List.copyOf(clients), List.copyOf(themes));
    }

    private static Client client(ResultsFile f) {
        String name = f.meta().getOrDefault("client", "");
        if (name.isBlank()) {
            name = f.subject().startsWith("client-") ? f.subject().substring("client-".length()) : f.subject();
        }
        List<String> caps = new ArrayList<>();
        for (String c : f.meta().getOrDefault("capabilities", "").split(",")) {
            if (!c.isBlank()) {
                caps.add(c.trim());
            }
        }
        return new Client(f.subject(), name, f.meta().getOrDefault("version", "").trim(), List.copyOf(caps), f);
    }

    public List<Client> clients() {
        return clients;
    }

    public List<Theme> themes() {
        return themes;
    }

    public boolean isEmpty() {
        return clients.isEmpty();
    }

    /** What a cell shows on hover: the entry's detail, then Expected and Actual when it has them; empty when neither. */
    public static String text(ResultEntry e) {
        List<String> parts = new ArrayList<>();
        if (e.detail() != null) {
            parts.add(e.detail());
        }
        if (e.expected() != null || e.actual() != null) {
            parts.add("Expected: " + e.expected() + "\nActual:   " + e.actual());
        }
        return String.join("\n", parts);
    }
}
