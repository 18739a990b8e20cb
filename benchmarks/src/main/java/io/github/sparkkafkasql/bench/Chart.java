package io.github.sparkkafkasql.bench;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** A bar chart of the median throughput of every variant that reads the topic (B1 to B4). */
final class Chart {

  private static final Color[] COLORS = {
    new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0x8172B3)
  };

  private Chart() {}

  static void png(Path file, String title, List<Measurement> all) throws IOException {
    // One series per benchmark, one category per variant: stacked, each bar has one segment,
    // full width, in its benchmark's colour.
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Measurement m : all) {
      if (m.records() > 0) {
        String label = m.benchmark() + " " + m.variant();
        data.addValue(m.records() / m.median() / 1e3, m.benchmark(), label);
      }
    }
    JFreeChart chart = throughputBars(title, data, true);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 140 + 34 * data.getColumnCount());
  }

  /**
   * Horizontal bars of thousands of records/s, one category per row of {@code data}'s columns, in
   * the house {@link #style}; {@code stacked} puts each row's series on one bar.
   */
  static JFreeChart throughputBars(String title, DefaultCategoryDataset data, boolean stacked) {
    String axis = "thousand records/s, median (longer is faster)";
    JFreeChart chart =
        stacked
            ? ChartFactory.createStackedBarChart(
                title, null, axis, data, PlotOrientation.HORIZONTAL, true, false, false)
            : ChartFactory.createBarChart(
                title, null, axis, data, PlotOrientation.HORIZONTAL, true, false, false);
    style(chart, data.getRowCount());
    return chart;
  }

  /**
   * The house style of the benchmark charts: white plot, grey grid lines, flat bars labelled with
   * their value, one colour per series.
   */
  private static BarRenderer style(JFreeChart chart, int seriesCount) {
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.5f);
    plot.getRangeAxis().setUpperMargin(0.08);
    BarRenderer bars = (BarRenderer) plot.getRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    for (int series = 0; series < seriesCount; series++) {
      bars.setSeriesPaint(series, COLORS[series % COLORS.length]);
    }
    bars.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0")));
    bars.setDefaultItemLabelsVisible(true);
    return bars;
  }
}
