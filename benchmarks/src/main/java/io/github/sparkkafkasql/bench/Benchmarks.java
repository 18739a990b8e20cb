package io.github.sparkkafkasql.bench;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Benchmarks read_kafka and streaming tables against Spark's own Kafka source and a raw consumer on
 * an embedded broker, and writes the table, a CSV and a chart (see docs/performance.md).
 */
@Command(
    name = "kafka-sql-bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks B1-B7 and B9 (and B8 with --only B8) of docs/performance.md on an embedded"
            + " broker (B7 also starts a Schema Registry).")
public final class Benchmarks implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Benchmarks.class);
  private static final String TOPIC = "bench";

  @Option(names = "--records", defaultValue = "1000000", description = "Records to write.")
  long records;

  @Option(names = "--value-bytes", defaultValue = "200", description = "Bytes per JSON value.")
  int valueBytes;

  @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the topic.")
  int partitions;

  @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds after a warm-up.")
  int rounds;

  @Option(names = "--only", split = ",", description = "Benchmarks to run, e.g. B1,B4 (all).")
  Set<String> only;

  @Option(names = "--master", defaultValue = "local[2]", description = "Spark master.")
  String master;

  @Option(names = "--out", defaultValue = "benchmarks/results", description = "Results directory.")
  Path out;

  @Option(names = "--stages", description = "Log each Spark stage's tasks and duration.")
  boolean stages;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Benchmarks()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (records < 1 || rounds < 1 || partitions < 1 || valueBytes < 100) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--records, --rounds, --partitions must be >= 1, --value-bytes >= 100");
    }
    double loadAtStart = loadAverage();
    Path work = Files.createTempDirectory("kafka-sql-bench-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic(TOPIC, partitions);
      long start = System.nanoTime();
      long bytes =
          TopicWriter.write(kafka.bootstrapServers(), TOPIC, partitions, records, valueBytes);
      LOG.info("Wrote {} records in {} s", records, (System.nanoTime() - start) / 1_000_000_000);
      SparkSession spark = BenchSession.create(master, work);
      if (stages) {
        spark.sparkContext().addSparkListener(new StageLog());
        Configurator.setLevel(Rounds.class.getName(), Level.DEBUG);
      }
      try {
        Setup s = new Setup(spark, kafka.bootstrapServers(), TOPIC, records, bytes, rounds, work);
        List<String> notes = new ArrayList<>();
        report(s, run(s, kafka, notes), notes, loadAtStart);
      } finally {
        spark.stop();
      }
    } finally {
      delete(work);
    }
    return 0;
  }

  private List<Measurement> run(Setup s, EmbeddedKafka kafka, List<String> notes) throws Exception {
    List<Measurement> all = new ArrayList<>();
    if (selected("B1")) {
      // With B1, the raw consumer (B4) runs in B1's rounds: the ratio to it compares runs made
      // under the same load.
      List<Variant> consumer = selected("B4") ? List.of(RawConsumer.variant(s)) : List.of();
      for (Measurement m : BatchReads.counting(s, consumer)) {
        all.add(m.variant().equals(RawConsumer.NAME) ? m.as("B4", null) : m);
      }
    } else if (selected("B4")) {
      all.addAll(RawConsumer.measure(s));
    }
    if (selected("B2")) all.addAll(BatchReads.projection(s));
    if (selected("B3")) all.addAll(StreamingLoads.measure(s));
    if (selected("B5")) all.addAll(NoOpWork.measure(s));
    if (selected("B6")) all.addAll(PushdownReads.measure(s));
    if (selected("B7")) {
      all.addAll(RegistryAvroReads.measure(s, kafka, partitions, valueBytes, notes));
    }
    if (selected("B9")) all.addAll(JsonInferencePlanning.measure(s));
    // B8 (docs/performance.md) runs only when asked for: --only B8.
    if (only != null && selected("B8")) all.addAll(AgedRefreshes.measure(s));
    all.sort(Comparator.comparing(Measurement::benchmark));
    return all;
  }

  private boolean selected(String benchmark) {
    return only == null || only.stream().anyMatch(b -> b.equalsIgnoreCase(benchmark));
  }

  private void report(Setup s, List<Measurement> all, List<String> notes, double loadAtStart)
      throws IOException {
    String what =
        String.format(
            Locale.ROOT,
            "%,d records x %d B, %d partitions, %s (%d cores), medians of %d rounds + warm-up",
            records,
            valueBytes,
            partitions,
            master,
            s.cores(),
            rounds);
    PrintWriter console = spec.commandLine().getOut();
    console.println(what + "; Java " + Runtime.version());
    // Shared machines are noisy: say how busy this one was.
    console.printf(
        Locale.ROOT,
        "Load average: %.2f at the start, %.2f at the end%n",
        loadAtStart,
        loadAverage());
    Report.print(console, all);
    notes.forEach(console::println);
    Files.createDirectories(out);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path csv = out.resolve("benchmarks-" + stamp + ".csv");
    Path png = out.resolve("benchmarks-" + stamp + ".png");
    Report.csv(csv, all);
    Chart.png(png, what, all);
    console.println("Wrote " + csv + " and " + png);
    console.flush();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
