package io.github.sparkkafkasql.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * B3 and B4 at several topic sizes in one chart, from the CSVs of runs with different {@code
 * --records}: one group of bars per variant, one bar per size. Usage: {@code java -cp "$(cat
 * benchmarks/target/classpath.txt):benchmarks/target/benchmarks.jar"
 * io.github.sparkkafkasql.bench.SizesChart out.png run-1m.csv run-10m.csv …}.
 */
public final class SizesChart {

  private SizesChart() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: SizesChart out.png run.csv [run.csv …]");
      System.exit(2);
    }
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (int i = 1; i < args.length; i++) {
      List<String> lines = Files.readAllLines(Path.of(args[i]));
      for (String line : lines.subList(1, lines.size())) {
        List<String> cells = cells(line);
        String benchmark = cells.get(0);
        if (!benchmark.equals("B3") && !benchmark.equals("B4")) {
          continue;
        }
        double seconds = Double.parseDouble(cells.get(2));
        double perSecond = Double.parseDouble(cells.get(3));
        String size = size(Math.round(seconds * perSecond));
        data.addValue(perSecond / 1e3, size, benchmark + " " + cells.get(1));
      }
    }
    JFreeChart chart =
        Chart.throughputBars(
            "B3 and B4 by topic size (records of 200 B, 3 partitions, local[2])", data, false);
    ((BarRenderer) chart.getCategoryPlot().getRenderer()).setItemMargin(0.02);
    int height = 140 + 22 * data.getColumnCount() * Math.max(1, data.getRowCount());
    ChartUtils.saveChartAsPNG(Path.of(args[0]).toFile(), chart, 1000, height);
  }

  /** 1000000 → "1 M records"; sizes are rounded from median × records/s. */
  private static String size(long records) {
    double millions = records / 1e6;
    return String.format(Locale.ROOT, "%s M records", Math.round(millions));
  }

  /** The cells of one line of {@link Report}'s CSV: commas, and quotes around a cell with one. */
  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
