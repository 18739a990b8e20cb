package io.github.sparkkafkasql.sqltests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.Distinct;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.execution.HiveResult;
import scala.jdk.javaapi.CollectionConverters;

/** Runs one query and renders it in Spark's golden-file format. */
final class QueryOutput {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Identifiers that differ from run to run, such as a Delta table's id in a stream offset. */
  private static final java.util.regex.Pattern UUID =
      java.util.regex.Pattern.compile(
          "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private QueryOutput() {}

  /** The {@code -- !query} block of one query, without masking. */
  static String render(SparkSession spark, String sql) {
    String schema;
    List<String> lines;
    try {
      Dataset<Row> df = spark.sql(sql);
      schema = df.schema().catalogString();
      var qe = ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution();
      lines =
          new ArrayList<>(
              CollectionConverters.asJava(HiveResult.hiveResultString(qe.executedPlan())));
      if (!isSorted(qe.analyzed())
          && !sql.trim().toUpperCase(java.util.Locale.ROOT).startsWith("DESC")) {
        lines.sort(null);
      }
      lines = maskVolatileColumns(df.schema().fieldNames(), lines);
    } catch (Throwable e) {
      schema = null;
      lines = List.of(error(e));
    }
    lines = lines.stream().map(l -> UUID.matcher(l).replaceAll("<uuid>")).toList();
    StringBuilder out = new StringBuilder();
    out.append("-- !query\n").append(sql).append('\n');
    if (schema != null) {
      out.append("-- !query schema\n").append(schema).append('\n');
    }
    out.append("-- !query output\n");
    lines.forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }

  /**
   * Values that change from run to run (timings, clock times) are shown as placeholders; NULL
   * stays.
   */
  private static List<String> maskVolatileColumns(String[] fields, List<String> lines) {
    List<String> names = java.util.Arrays.asList(fields);
    List<String> masked = new ArrayList<>();
    for (String line : lines) {
      String[] cells = line.split("\t", -1);
      if (cells.length == fields.length) {
        for (int i = 0; i < cells.length; i++) {
          boolean volatileColumn =
              names.get(i).equals("duration_ms") || names.get(i).endsWith("_at");
          if (volatileColumn && !cells[i].equals("NULL")) {
            cells[i] = "<" + names.get(i) + ">";
          }
        }
        int key = names.indexOf("info_name");
        if (key >= 0
            && cells[key].matches(
                "(?i).*(started at|finished at|duration|refresh id|scheduled refresh at|scheduled for).*")
            && !cells[names.indexOf("info_value")].equals("NULL")) {
          cells[names.indexOf("info_value")] = "<volatile>";
        }
        if (key >= 0 && cells[key].matches("(?i).* schema( of .*)?")) {
          // A stored payload schema: when it was settled, and the registry's id for it.
          int value = names.indexOf("info_value");
          cells[value] =
              cells[value]
                  .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "<time>")
                  .replaceAll("schema id \\d+", "schema id <id>");
        }
      }
      masked.add(String.join("\t", cells));
    }
    return masked;
  }

  /** Like Spark's suite: output is compared sorted unless the query itself orders it. */
  private static boolean isSorted(LogicalPlan plan) {
    if (plan instanceof Join || plan instanceof Aggregate || plan instanceof Distinct) {
      return false;
    }
    if (plan instanceof Sort s && s.global()) {
      return true;
    }
    return CollectionConverters.asJava(plan.children()).stream().anyMatch(QueryOutput::isSorted);
  }

  private static String error(Throwable e) {
    Throwable t = e;
    // A record that does not decode fails a task: the condition is on a cause of Spark's job
    // failure, which is a SparkThrowable without one.
    while (!(t instanceof SparkThrowable s && s.getCondition() != null) && t.getCause() != null) {
      t = t.getCause();
    }
    if (!(t instanceof SparkThrowable st) || st.getCondition() == null) {
      return e.getClass().getName() + "\n" + e.getMessage();
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("errorClass", st.getCondition());
    json.put("sqlState", st.getSqlState());
    json.put("messageParameters", new TreeMap<>(st.getMessageParameters()));
    json.put("message", messageWithoutPosition(t.getMessage()));
    try {
      return t.getClass().getName() + "\n" + JSON.writeValueAsString(json);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** Strips the query-context excerpt Spark appends, which repeats the query text. */
  private static String messageWithoutPosition(String message) {
    int context = message.indexOf("\n== SQL");
    String m = context >= 0 ? message.substring(0, context) : message;
    return m.replaceAll("; line \\d+ pos \\d+$", "").trim();
  }
}
