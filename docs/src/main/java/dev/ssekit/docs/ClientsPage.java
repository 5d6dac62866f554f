package dev.ssekit.docs;

import dev.ssekit.spec.Requirements;
import dev.ssekit.spec.results.ClientsMatrix;
import dev.ssekit.spec.results.ResultEntry;
import dev.ssekit.spec.results.ResultsFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Clients matrix of the comparison ({@code clients.mustache}), in English on {@code compare/index.html} and in
 * Chinese on {@code zh-CN/compare/clients.html}: rows are client scenarios grouped by theme, columns are clients.
 */
final class ClientsPage {

    static final List<String> LANGUAGES = List.of("en", "zh-CN");

    private ClientsPage() {
    }

    /** The words of the section that change with the language. */
    private static Map<String, Object> words(String lang) {
        Map<String, Object> w = new LinkedHashMap<>();
        boolean zh = lang.equals("zh-CN");
        w.put("scenarioHead", zh ? "场景" : "Scenario");
        w.put("requirementsHead", zh ? "需求" : "Requirements");
        w.put("totalHead", zh ? "各结果的场景数" : "Scenarios per outcome");
        w.put("referenceNote", zh ? "来自提交的参考副本，不是本次构建的结果" : "from the committed reference copy, not from this build");
        w.put("referenceWord", zh ? "参考副本" : "reference copy");
        w.put("capabilitiesWord", zh ? "能力" : "capabilities");
        return w;
    }

    /**
     * The model of the section for {@code lang}; {@code compareDir} is the path from the page to {@code compare/}
     * (where each client's own page is).
     */
    static Map<String, Object> model(String lang, List<Results.Subject> subjects, Requirements reqs, String compareDir) {
        List<Results.Subject> clients = subjects.stream().filter(s -> s.group() == Results.Group.CLIENTS).toList();
        ClientsMatrix matrix = ClientsMatrix.of(clients.stream().map(Results.Subject::file).toList());
        Map<String, Object> m = new LinkedHashMap<>(words(lang));
        List<Map<String, Object>> columns = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            ClientsMatrix.Client c = matrix.clients().get(i);
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("label", c.label());
            col.put("href", compareDir + c.subject() + ".html");
            col.put("capabilities", String.join(", ", c.capabilities()));
            col.put("reference", clients.get(i).reference());
            List<Map<String, Object>> counts = new ArrayList<>();
            c.counts().forEach((o, n) -> {
                if (n > 0) {
                    counts.add(Map.of("word", o.word(), "n", n));
                }
            });
            col.put("counts", counts);
            columns.add(col);
        }
        m.put("columns", columns);
        List<Map<String, Object>> themes = new ArrayList<>();
        for (ClientsMatrix.Theme t : matrix.themes()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ClientsMatrix.Row r : t.rows()) {
                List<Map<String, Object>> cells = new ArrayList<>();
                for (int i = 0; i < r.cells().size(); i++) {
                    cells.add(cell(matrix.clients().get(i), r.cells().get(i), reqs, compareDir, lang));
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("scenario", r.scenario());
                row.put("requirements", r.requirements().stream().filter(id -> reqs.find(id).isPresent())
                        .map(id -> Map.of("id", id)).toList());
                row.put("cells", cells);
                rows.add(row);
            }
            Map<String, Object> theme = new LinkedHashMap<>();
            theme.put("name", t.name());
            theme.put("anchor", "clients-" + t.name());
            theme.put("rows", rows);
            themes.add(theme);
        }
        m.put("themes", themes);
        m.put("span", columns.size() + 2);
        m.put("hasClients", !columns.isEmpty());
        return m;
    }

    private static Map<String, Object> cell(ClientsMatrix.Client c, ResultEntry e, Requirements reqs, String compareDir,
            String lang) {
        Map<String, Object> x = new LinkedHashMap<>();
        if (e == null) {
            x.put("word", "");
            x.put("title", c.label() + (lang.equals("zh-CN") ? "：没有这个场景" : ": no such scenario"));
            return x;
        }
        x.put("word", e.outcome().word());
        String text = ClientsMatrix.text(e);
        x.put("title", c.label() + ": " + e.outcome().word() + (text.isEmpty() ? "" : "\n" + text));
        // the case on the client's page sits under each requirement it cites: link the first one that has a page
        String req = e.requirements().stream().filter(id -> reqs.find(id).isPresent()).findFirst().orElse(null);
        if (req != null) {
            x.put("href", compareDir + c.subject() + ".html#" + req + "-c" + index(c.file(), e));
        }
        return x;
    }

    private static int index(ResultsFile f, ResultEntry e) {
        List<ResultEntry> entries = f.entries();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).id().equals(e.id())) {
                return i;
            }
        }
        throw new IllegalStateException(e.id() + " is not in " + f.file());
    }
}
