package dev.ssekit.bench.report;

import dev.ssekit.spec.results.ClientsMatrix;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.List;

/** The report's view of a {@link ClientsMatrix}: what the Clients section of {@code report.mustache} reads. */
final class ClientsView {

    record Count(String word, int n) {
    }

    /** A client; {@code counts} lists the outcomes it has, with how many scenarios each. */
    record Column(String subject, String label, String capabilities, List<Count> counts) {
    }

    /** One client's entry for one scenario; {@code text} is its detail or Expected and Actual, {@code title} the hover. */
    record Cell(String subject, String label, String scenario, String outcome, String anchor, String text, String title) {
        public boolean hasDetails() {
            return !outcome.isEmpty() && !outcome.equals(Outcome.PASS.word());
        }
    }

    record Row(String scenario, String requirements, List<Cell> cells) {
    }

    record Theme(String name, List<Row> rows) {
    }

    final List<Column> columns = new ArrayList<>();
    final List<Theme> themes = new ArrayList<>();

    static ClientsView of(ClientsMatrix m) {
        ClientsView v = new ClientsView();
        for (ClientsMatrix.Client c : m.clients()) {
            List<Count> counts = new ArrayList<>();
            for (Outcome o : Outcome.values()) {
                int n = c.counts().getOrDefault(o, 0);
                if (n > 0) {
                    counts.add(new Count(o.word(), n));
                }
            }
            v.columns.add(new Column(c.subject(), c.label(), String.join(", ", c.capabilities()), counts));
        }
        for (ClientsMatrix.Theme t : m.themes()) {
            List<Row> rows = new ArrayList<>();
            for (ClientsMatrix.Row r : t.rows()) {
                List<Cell> cells = new ArrayList<>();
                for (int i = 0; i < r.cells().size(); i++) {
                    ClientsMatrix.Client c = m.clients().get(i);
                    ResultEntry e = r.cells().get(i);
                    String text = e == null ? "" : ClientsMatrix.text(e);
                    String title = e == null ? c.label() + ": no such scenario"
                            : c.label() + ": " + e.outcome().word() + (text.isEmpty() ? "" : "\n" + text);
                    cells.add(new Cell(c.subject(), c.label(), r.scenario(), e == null ? "" : e.outcome().word(),
                            anchor(c.subject(), r.scenario()), text, title));
                }
                rows.add(new Row(r.scenario(), String.join(", ", r.requirements()), cells));
            }
            v.themes.add(new Theme(t.name(), rows));
        }
        return v;
    }

    static String anchor(String subject, String scenario) {
        return subject + "--" + scenario.replace('/', '-');
    }
}
