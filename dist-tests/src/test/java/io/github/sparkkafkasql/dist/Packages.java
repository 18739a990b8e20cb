package io.github.sparkkafkasql.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The coordinates the runs pass to --packages, and checks of what Ivy resolved for them. */
final class Packages {

  static final String EXTENSION = System.getProperty("dist.extensionCoordinate");
  static final String DELTA = System.getProperty("dist.deltaCoordinate");
  static final String KAFKA_SQL_EXTENSIONS = "io.github.sparkkafkasql.KafkaSqlExtensions";
  static final String DELTA_EXTENSIONS = "io.delta.sql.DeltaSparkSessionExtension";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  private Packages() {}

  static List<String> coordinates(List<Result.Module> modules) {
    return modules.stream()
        .map(m -> m.organisation() + ":" + m.name() + ":" + m.revision())
        .toList();
  }

  /**
   * With Delta's package as well: one kafka-clients, no Spark jar but the Kafka connector's and
   * spark-avro, no Scala library; and the extension's jar is the one this build made.
   */
  static void assertOneKafkaAndNoSpark(Result result) {
    List<String> modules = coordinates(result.resolvedModules());
    assertThat(modules).filteredOn(m -> m.startsWith("org.apache.kafka:kafka-clients:")).hasSize(1);
    assertThat(modules)
        .filteredOn(m -> m.startsWith("org.apache.spark:"))
        .allMatch(m -> m.contains("kafka-0-10_2.13") || m.contains(":spark-avro_2.13:"));
    assertThat(modules).noneMatch(m -> m.startsWith("org.scala-lang:scala-library:"));
    assertInstalledJarWasUsed(result);
  }

  /**
   * Ivy found the extension in the local Maven repository the build installed into, and the jar it
   * put on the classpath is the one this build made, not an older snapshot from elsewhere.
   */
  static void assertInstalledJarWasUsed(Result result) {
    Result.Module ours =
        result.resolvedModules().stream()
            .filter(m -> coordinates(List.of(m)).contains(EXTENSION))
            .findFirst()
            .orElseThrow(() -> new AssertionError("Ivy did not resolve " + EXTENSION));
    assertThat(ours.resolver()).isEqualTo("local-m2-cache");
    Path retrieved =
        Path.of(System.getProperty("dist.userHome"), ".ivy2.5.2", "jars", ours.jarName());
    Path built = Path.of(System.getProperty("dist.extensionJar"));
    try {
      assertThat(Files.mismatch(retrieved, built))
          .as("%s is not the jar this build made (%s): build with -am", retrieved, built)
          .isEqualTo(-1L);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The fields of a refresh result row that these tests check: table, rows_written, rows_dropped,
   * expectation_violations and batches (not the quarantine counts between them).
   */
  static List<String> refreshFields(List<String> rows) {
    return rows.stream()
        .map(
            r -> {
              String[] f = r.split("\\|", -1);
              return String.join("|", f[0], f[1], f[2], f[5], f[6]);
            })
        .toList();
  }

  /** The first {@code n} fields of each row. */
  static List<String> fields(List<String> rows, int n) {
    return rows.stream()
        .map(r -> String.join("|", List.of(r.split("\\|", -1)).subList(0, n)))
        .toList();
  }
}
