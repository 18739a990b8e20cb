package io.github.sparkkafkasql.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * B8: a REFRESH with nothing new, on a table with 1, 1,000 and 10,000 earlier refreshes. The
 * refreshes past the first are synthesized: entries written into the table's refresh history as the
 * extension writes them (a real refresh loop would take hours here), so what this measures is the
 * cost of the history's length; a no-op refresh adds nothing to Spark's checkpoint or the Delta log
 * (docs/performance.md, B8).
 */
final class AgedRefreshes {

  private static final int MIN_ROUNDS = 5;
  private static final String RETENTION = "spark.kafkaSql.history.retention";

  private AgedRefreshes() {}

  static List<Measurement> measure(Setup s) throws Exception {
    int rounds = Math.max(s.rounds(), MIN_ROUNDS);
    s.spark()
        .sql(
            "CREATE STREAMING TABLE bench_aged AS SELECT "
                + StreamingLoads.COLUMNS
                + " FROM STREAM read_kafka("
                + s.readKafkaArgs()
                + ", startingOffsets => 'latest')")
        .collectAsList();
    Path history = stateLocation(s).resolve("history");
    String template = Files.readString(history.resolve(name(0)), StandardCharsets.UTF_8);
    List<Measurement> out = new ArrayList<>();
    // {earlier refreshes, retention}: the default retention keeps 1,000 of 10,000.
    long[][] cases = {{1, 1000}, {1_000, 1000}, {10_000, 1000}, {10_000, 20_000}};
    for (long[] c : cases) {
      long earlier = c[0];
      int kept = (int) Math.min(earlier, c[1]);
      synthesize(history, template, earlier, kept);
      s.spark().conf().set(RETENTION, String.valueOf(c[1]));
      String label =
          String.format(
              Locale.ROOT, "REFRESH after %,d refreshes (%,d kept in history)", earlier, kept);
      out.addAll(
          Rounds.run(
              "B8",
              rounds,
              0,
              0,
              "rows_written=0",
              List.of(Variant.of(label, false, () -> refresh(s)))));
    }
    s.spark().conf().unset(RETENTION);
    // What recording the outcome cost before the history: one Delta commit per refresh.
    out.addAll(
        Rounds.run(
            "B8",
            rounds,
            0,
            0,
            null,
            List.of(
                Variant.of(
                    "one table-property commit (the former kafkasql.lastRefresh)",
                    false,
                    () -> {
                      s.spark()
                          .sql(
                              "ALTER TABLE bench_aged SET TBLPROPERTIES ('bench.last' = '"
                                  + System.nanoTime()
                                  + "')")
                          .collect();
                      return null;
                    }))));
    s.spark().sql("DROP TABLE bench_aged");
    return out;
  }

  /** A history of {@code earlier} refreshes of which the last {@code kept} are still there. */
  private static void synthesize(Path history, String template, long earlier, int kept)
      throws IOException {
    try (var files = Files.list(history)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    for (long seq = earlier - kept; seq < earlier; seq++) {
      Files.writeString(
          history.resolve(name(seq)),
          template.replaceFirst("\"seq\":\\d+", "\"seq\":" + seq),
          StandardCharsets.UTF_8);
    }
    Files.writeString(
        history.resolve("_last"),
        "{\"last\":" + (earlier - 1) + ",\"last_scheduled\":-1}",
        StandardCharsets.UTF_8);
  }

  private static String name(long seq) {
    return String.format(Locale.ROOT, "%020d.json", seq);
  }

  private static Path stateLocation(Setup s) {
    for (Row r : s.spark().sql("DESCRIBE STREAMING TABLE bench_aged").collectAsList()) {
      if ("State location".equals(r.getString(0))) {
        String location = r.getString(1);
        return location.startsWith("file:") ? Paths.get(URI.create(location)) : Paths.get(location);
      }
    }
    throw new IllegalStateException("DESCRIBE STREAMING TABLE shows no state location");
  }

  private static String refresh(Setup s) {
    Row r = s.spark().sql("REFRESH STREAMING TABLE bench_aged").first();
    return "rows_written=" + r.getLong(r.fieldIndex("rows_written"));
  }
}
