package dev.ssekit.bench.report;

import java.util.List;

/** One table of benchmark figures for the report: a title, column headers, rows of cells, and a note. */
public record BenchTable(String title, List<String> headers, List<List<String>> rows, String note) {
}
