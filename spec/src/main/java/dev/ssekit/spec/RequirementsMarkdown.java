package dev.ssekit.spec;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders {@code spec/requirements.md} from the requirements; a test keeps the committed file equal to it. */
public final class RequirementsMarkdown {

    private static final Map<String, String> AREAS = Map.of(
            "PARSE", "Parsing and interpreting an event stream (9.2.5, 9.2.6)",
            "PROC", "The EventSource interface and processing model (9.2.2 to 9.2.4)",
            "CORS", "CORS and credentials (9.2.2 with Fetch)",
            "AUTH", "Authoring notes and server-side rules (9.2.1, 9.2.3, 9.2.7)",
            "API", "The /api/sse endpoints of the reference servers (contract.md)",
            "HTTP", "HTTP/1.1 rules the reference servers keep against hostile clients (RFC 9110, RFC 9112)",
            "ENC", "The encoder's safety rules (contract.md)",
            "KIT", "The command line and the parser's limits (contract.md)",
            "H2", "Event streams over HTTP/2 (RFC 9113, contract.md)");

    private RequirementsMarkdown() {
    }

    public static String render(List<Requirement> all) {
        StringBuilder b = new StringBuilder();
        b.append("# Requirements\n\n");
        b.append("<!-- Generated from requirements.json by RequirementsMarkdown; do not edit by hand. -->\n\n");
        b.append("The single source of truth is `requirements.json`. IDs are append-only: never renumbered, never reused.\n\n");
        Map<String, Integer> levels = new TreeMap<>();
        all.forEach(r -> levels.merge(r.level(), 1, Integer::sum));
        long untestable = all.stream().filter(r -> !r.isTestable()).count();
        b.append(all.size()).append(" requirements: ");
        b.append(String.join(", ", levels.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()));
        b.append("; ").append(untestable).append(" marked untestable.\n");
        String area = null;
        for (Requirement r : all) {
            if (!r.area().equals(area)) {
                area = r.area();
                b.append("\n## ").append(area).append(": ").append(AREAS.getOrDefault(area, area)).append("\n\n");
                b.append("| ID | Level | Side | Requirement | Spec |\n|---|---|---|---|---|\n");
            }
            String level = r.isTestable() ? r.level() : r.level() + " (untestable)";
            b.append("| ").append(r.id()).append(" | ").append(level).append(" | ").append(r.side()).append(" | ")
                    .append(cell(r.title())).append("<br>").append("<small>").append(cell(r.quote())).append("</small>");
            if (!r.isTestable()) {
                b.append("<br><small>Untestable: ").append(cell(r.untestable())).append("</small>");
            }
            b.append(" | [").append(r.section()).append("](").append(r.anchor()).append(") |\n");
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
