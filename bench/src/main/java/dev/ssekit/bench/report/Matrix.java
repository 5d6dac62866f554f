package dev.ssekit.bench.report;

import dev.ssekit.spec.Requirement;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import dev.ssekit.spec.results.ResultsFile;
import dev.ssekit.spec.results.ResultsMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report's view of a {@link ResultsMatrix}: what {@code report.mustache} reads, as plain values. */
final class Matrix {

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

    record Column(String subject, Map<Outcome, Integer> counts) {
        public List<Integer> countList() {
            List<Integer> out = new ArrayList<>();
            for (Outcome o : Outcome.values()) {
                out.add(counts.getOrDefault(o, 0));
            }
            return out;
        }
    }

    final List<Column> columns = new ArrayList<>();
    final List<Area> areas = new ArrayList<>();

    static Matrix of(List<ResultsFile> results) {
        Matrix m = new Matrix();
        ResultsMatrix matrix = ResultsMatrix.of(results);
        results.forEach(f -> m.columns.add(new Column(f.subject(), f.counts())));
        for (ResultsMatrix.Area a : matrix.areas()) {
            List<Row> rows = new ArrayList<>();
            for (ResultsMatrix.Row row : a.rows()) {
                Requirement r = row.requirement();
                List<Cell> cells = new ArrayList<>();
                for (ResultsMatrix.Cell c : row.cells()) {
                    List<Case> cases = c.cases().stream().map(k -> view(k.entry())).toList();
                    Outcome o = c.outcome();
                    cells.add(new Cell(c.subject(), o == null ? "" : o.word(), c.subject() + "-" + r.id(), cases));
                }
                rows.add(new Row(r.id(), r.level(), r.title(), r.quote(), r.anchor(), cells));
            }
            m.areas.add(new Area(a.name(), rows));
        }
        return m;
    }

    private static Case view(ResultEntry e) {
        return new Case(e.id(), e.outcome().word(), e.expected(), e.actual(), e.detail());
    }
}
