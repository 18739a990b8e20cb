package io.github.sparkkafkasql.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.HiveResult;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs one statement at a time and prints what {@code spark-sql} prints: the rows on stdout, then
 * {@code Time taken: 0.532 seconds, Fetched 5 row(s)}, or the error on stderr.
 */
final class StatementRunner {

  /** How rows are printed. */
  enum OutputFormat {
    /** Tab-separated, no header: {@code spark-sql}'s format, for scripts. */
    TSV,
    /** A boxed table with a header, for people. */
    TABLE
  }

  private final SparkSession spark;
  private final Optional<String> bootstrapServers;
  private final OutputFormat format;
  private final Console console;
  private Optional<String> registryAddress = Optional.empty();

  StatementRunner(
      SparkSession spark, Optional<String> bootstrapServers, OutputFormat format, Console console) {
    this.spark = spark;
    this.bootstrapServers = bootstrapServers;
    this.format = format;
    this.console = console;
  }

  /** The address {@code ${registry}} stands for ({@code --demo avro}'s registry). */
  StatementRunner withRegistry(String address) {
    registryAddress = Optional.of(address);
    return this;
  }

  /**
   * Runs {@code text} after {@code ${bootstrap}} and {@code ${registry}} substitution; false if it
   * failed.
   */
  boolean run(String text) {
    long start = System.nanoTime();
    String sql;
    try {
      sql =
          Placeholders.substituteRegistry(
              Placeholders.substitute(text, bootstrapServers), registryAddress);
    } catch (IllegalArgumentException e) {
      console.error(e.getMessage());
      return false;
    }
    try {
      Dataset<Row> df = spark.sql(sql);
      int rows = format == OutputFormat.TABLE ? printTable(df) : printTsv(df);
      double seconds = (System.nanoTime() - start) / 1e9;
      String fetched = rows > 0 ? ", Fetched " + rows + " row(s)" : "";
      console.info(String.format(Locale.ROOT, "Time taken: %.3f seconds%s", seconds, fetched));
      return true;
    } catch (Exception e) {
      console.error(ErrorMessages.describe(e, console.verbose()));
      return false;
    }
  }

  private int printTsv(Dataset<Row> df) {
    // The same rendering spark-sql uses: Hive's formats for dates, arrays, maps, NULL.
    var plan = ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().executedPlan();
    List<String> lines = CollectionConverters.asJava(HiveResult.hiveResultString(plan));
    lines.forEach(console::out);
    return lines.size();
  }

  private int printTable(Dataset<Row> df) {
    StructField[] fields = df.schema().fields();
    if (fields.length == 0) {
      df.collectAsList();
      return 0;
    }
    // Positional names first, so that duplicate column names (SELECT 1 AS a, 2 AS a) still cast.
    String[] names = new String[fields.length];
    Column[] asStrings = new Column[fields.length];
    boolean[] numeric = new boolean[fields.length];
    for (int i = 0; i < fields.length; i++) {
      names[i] = "c" + i;
      asStrings[i] = functions.col(names[i]).cast("string");
      numeric[i] = fields[i].dataType() instanceof NumericType;
    }
    List<Row> collected = df.toDF(names).select(asStrings).collectAsList();
    List<List<String>> rows = new ArrayList<>(collected.size());
    for (Row row : collected) {
      List<String> cells = new ArrayList<>(fields.length);
      for (int i = 0; i < fields.length; i++) {
        cells.add(row.isNullAt(i) ? null : row.getString(i));
      }
      rows.add(cells);
    }
    List<String> header = Arrays.stream(fields).map(StructField::name).toList();
    console.outRaw(TableFormat.render(header, numeric, rows));
    return rows.size();
  }
}
