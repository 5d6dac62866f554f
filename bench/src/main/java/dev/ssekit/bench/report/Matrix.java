package dev.ssekit.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.Requirement;
import dev.ssekit.spec.Requirements;
import dev.ssekit.spec.results.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Autobahn-style view of results files: rows are requirements grouped by area, columns are subjects, and a
 * cell holds the outcome of every case of that subject citing that requirement, worst first.
 */
final class Matrix {

    /** Worst first: the outcome a cell shows when its cases disagree. */
    private static final List<Outcome> SEVERITY = List.of(Outcome.FAIL, Outcome.NON_STRICT, Outcome.NOT_RUN,
            Outcome.INFO, Outcome.PASS, Outcome.NOT_APPLICABLE, Outcome.UNTESTABLE);

    record Case(String id, String outcome, String expected, String actual, String detail) {
    }

    record Cell(String subject, String outcome, String anchor, List<Case> cases) {
        public boolean hasCases() {
            return !cases.isEmpty();
        }

        public int caseCount() {
            return cases.size();
        }

        /** The cases worth a detail: everything but passes. */
        public List<Case> details() {
            return cases.stream().filter(c -> !c.outcome().equals(Outcome.PASS.word())).toList();
        }

        public boolean hasDetails() {
            return !details().isEmpty();
        }
    }

    record Row(String id, String level, String title, String quote, String anchor, List<Cell> cells) {
    }

    record Area(String name, List<Row> rows) {
    }

    record Column(String subject, Map<String, Integer> counts) {
        public List<Integer> countList() {
            List<Integer> out = new ArrayList<>();
            for (Outcome o : Outcome.values()) {
                out.add(counts.getOrDefault(o.word(), 0));
            }
            return out;
        }
    }

    final List<Column> columns = new ArrayList<>();
    final List<Area> areas = new ArrayList<>();

    static Matrix of(Map<String, JsonNode> results) {
        Matrix m = new Matrix();
        Map<String, Map<String, List<Case>>> bySubjectAndReq = new LinkedHashMap<>();
        results.forEach((subject, json) -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            json.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
            m.columns.add(new Column(subject, counts));
            Map<String, List<Case>> byReq = new LinkedHashMap<>();
            for (JsonNode e : json.path("entries")) {
                Case c = new Case(e.path("id").asText(), e.path("outcome").asText(), text(e, "expected"),
                        text(e, "actual"), text(e, "detail"));
                for (JsonNode r : e.path("requirements")) {
                    byReq.computeIfAbsent(r.asText(), k -> new ArrayList<>()).add(c);
                }
            }
            bySubjectAndReq.put(subject, byReq);
        });
        Area area = null;
        for (Requirement r : Requirements.load().all()) {
            if (area == null || !area.name().equals(r.area())) {
                area = new Area(r.area(), new ArrayList<>());
                m.areas.add(area);
            }
            List<Cell> cells = new ArrayList<>();
            for (String subject : results.keySet()) {
                List<Case> cases = bySubjectAndReq.get(subject).getOrDefault(r.id(), List.of());
                String outcome = !r.isTestable() ? Outcome.UNTESTABLE.word() : worst(cases);
                cells.add(new Cell(subject, outcome, subject + "-" + r.id(), cases));
            }
            area.rows().add(new Row(r.id(), r.level(), r.title(), r.quote(), r.anchor(), cells));
        }
        return m;
    }

    private static String worst(List<Case> cases) {
        if (cases.isEmpty()) {
            return "";
        }
        for (Outcome o : SEVERITY) {
            for (Case c : cases) {
                if (c.outcome().equals(o.word())) {
                    return o.word();
                }
            }
        }
        return cases.get(0).outcome();
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
