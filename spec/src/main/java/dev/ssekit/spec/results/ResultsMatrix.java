package dev.ssekit.spec.results;

import dev.ssekit.spec.Requirement;
import dev.ssekit.spec.Requirements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Autobahn-style view of results files: columns are subjects, rows are requirements grouped by area, and a cell
 * holds every case of that subject citing that requirement, showing the worst outcome among them
 * ({@link Outcome#worst}). Each row also breaks down into case rows, one per case ID any subject has. The compare
 * report and the docs site both render this model.
 */
public final class ResultsMatrix {

    /** A case of a results file, with its position in that file (for anchors). */
    public record Case(int index, ResultEntry entry) {
        public String id() {
            return entry.id();
        }

        public Outcome outcome() {
            return entry.outcome();
        }
    }

    /** A subject; {@code file} is null when its results file was not found. */
    public record Column(String subject, ResultsFile file) {
        public boolean present() {
            return file != null;
        }
    }

    /** One subject's cases citing one requirement. */
    public record Cell(Column column, Requirement requirement, List<Case> cases) {
        public String subject() {
            return column.subject();
        }

        /**
         * The worst outcome of the cases; with no case, {@code untestable} for a requirement nothing can observe (when
         * the subject has results), else null.
         */
        public Outcome outcome() {
            if (!cases.isEmpty()) {
                return Outcome.worst(cases.stream().map(Case::outcome).toList());
            }
            return column.present() && !requirement.isTestable() ? Outcome.UNTESTABLE : null;
        }
    }

    /** One case ID of a requirement's row, with each subject's case of that ID (null where it has none). */
    public record CaseRow(String caseId, List<Case> cells) {
    }

    /** A requirement and one cell per column. */
    public record Row(Requirement requirement, List<Cell> cells) {
        /** Whether some subject has a case citing the requirement. */
        public boolean cited() {
            return cells.stream().anyMatch(c -> !c.cases().isEmpty());
        }

        /** Every case ID any subject has for this requirement, in column order, then case order. */
        public List<CaseRow> caseRows() {
            Map<String, Case[]> byId = new LinkedHashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                for (Case c : cells.get(i).cases()) {
                    byId.computeIfAbsent(c.id(), k -> new Case[cells.size()])[i] = c;
                }
            }
            List<CaseRow> out = new ArrayList<>();
            byId.forEach((id, cs) -> out.add(new CaseRow(id, Collections.unmodifiableList(java.util.Arrays.asList(cs)))));
            return out;
        }
    }

    /** The rows of one requirement area ({@code PARSE}, {@code API}, ...), in requirements.json order. */
    public record Area(String name, List<Row> rows) {
    }

    private final List<Column> columns;
    private final List<Row> rows;
    private final Map<String, Row> byRequirement = new LinkedHashMap<>();

    private ResultsMatrix(List<Column> columns, List<Row> rows) {
        this.columns = columns;
        this.rows = rows;
        rows.forEach(r -> byRequirement.put(r.requirement().id(), r));
    }

    /** One row per requirement of {@code requirements}; a case citing an ID that is not a requirement has no row. */
    public static ResultsMatrix of(List<Column> columns, Requirements requirements) {
        List<Map<String, List<Case>>> byReq = new ArrayList<>();
        for (Column c : columns) {
            Map<String, List<Case>> m = new LinkedHashMap<>();
            if (c.present()) {
                List<ResultEntry> entries = c.file().entries();
                for (int i = 0; i < entries.size(); i++) {
                    Case k = new Case(i, entries.get(i));
                    for (String id : k.entry().requirements()) {
                        m.computeIfAbsent(id, x -> new ArrayList<>()).add(k);
                    }
                }
            }
            byReq.add(m);
        }
        List<Row> rows = new ArrayList<>();
        for (Requirement r : requirements.all()) {
            List<Cell> cells = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                cells.add(new Cell(columns.get(i), r, List.copyOf(byReq.get(i).getOrDefault(r.id(), List.of()))));
            }
            rows.add(new Row(r, List.copyOf(cells)));
        }
        return new ResultsMatrix(List.copyOf(columns), List.copyOf(rows));
    }

    /** Columns for these files, in their order. */
    public static ResultsMatrix of(List<ResultsFile> files) {
        return of(files.stream().map(f -> new Column(f.subject(), f)).toList(), Requirements.load());
    }

    public List<Column> columns() {
        return columns;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The row of a requirement. */
    public Row row(String requirementId) {
        Row r = byRequirement.get(requirementId);
        if (r == null) {
            throw new IllegalArgumentException("no row for " + requirementId);
        }
        return r;
    }

    /** Every row, grouped by area. */
    public List<Area> areas() {
        return group(rows);
    }

    /** Only the rows some case cites, grouped by area; an area with none is left out. */
    public List<Area> citedAreas() {
        return group(rows.stream().filter(Row::cited).toList());
    }

    private static List<Area> group(List<Row> rows) {
        Map<String, List<Row>> by = new LinkedHashMap<>();
        rows.forEach(r -> by.computeIfAbsent(r.requirement().area(), k -> new ArrayList<>()).add(r));
        List<Area> out = new ArrayList<>();
        by.forEach((name, rs) -> out.add(new Area(name, List.copyOf(rs))));
        return out;
    }
}
