package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * What a refresh sets in its copy of the session: it writes a binary {@code value} column (Kafka's
 * payloads, which do not repeat) without Parquet's dictionary, leaves the other columns to Parquet,
 * keeps what the user's session sets, and leaves the user's session unchanged; and it reuses the
 * code Spark compiled for the refreshes before, unless the user's session carries artifacts.
 */
class RefreshDefaultsIT extends SharedSparkIT {

  /**
   * A {@code value} that repeats (one per partition, one partition), so that Parquet keeps its
   * dictionary when it is allowed one: a unique column's dictionary is dropped by Parquet anyway.
   */
  private static final String COLUMNS =
      "CAST(CAST(partition AS STRING) AS BINARY) AS value, topic, offset";

  private static final String CHECK = "SELECT count(*), sum(hash(value, topic, offset)) FROM ";

  /** read_kafka(...) of the whole topic. */
  private static String fromEarliest(EmbeddedKafka kafka, String topic) {
    return ReadKafkaSql.of(kafka.bootstrapServers())
        .subscribe(topic)
        .option("startingOffsets", "earliest")
        .sql();
  }

  @Test
  void valueAndOffsetArePlainEncodedUnlessTheSessionSaysOtherwise(EmbeddedKafka kafka)
      throws Exception {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 200);
    String read = fromEarliest(kafka, topic);
    SparkSession user = spark.newSession();
    user.sql("CREATE STREAMING TABLE pd_default AS SELECT " + COLUMNS + " FROM STREAM " + read)
        .collectAsList();
    assertThat(dictionaryColumns(user, "pd_default")).contains("topic").doesNotContain("value");
    assertThat(user.conf().contains(ParquetDefaults.DICTIONARY + "value")).isFalse();

    SparkSession own = spark.newSession();
    own.conf().set(ParquetDefaults.DICTIONARY + "value", "true");
    own.sql("CREATE STREAMING TABLE pd_own AS SELECT " + COLUMNS + " FROM STREAM " + read)
        .collectAsList();
    assertThat(dictionaryColumns(own, "pd_own")).contains("topic", "value");
    // Encoding only: the same rows.
    assertThat(own.sql(CHECK + "pd_own").first()).isEqualTo(user.sql(CHECK + "pd_default").first());
  }

  @Test
  void aRefreshReusesTheCodeCompiledForTheRefreshesBefore(EmbeddedKafka kafka) throws Exception {
    String topic = TestTopics.create(kafka, 2);
    String read = fromEarliest(kafka, topic);
    SparkSession user = spark.newSession();
    TestTopics.produce(kafka, topic, 2, 0, 100);
    user.sql("CREATE STREAMING TABLE rd_code AS SELECT key, value, offset FROM STREAM " + read)
        .collectAsList();
    TestTopics.produce(kafka, topic, 2, 100, 200);
    user.sql("REFRESH STREAMING TABLE rd_code").collectAsList();
    TestTopics.produce(kafka, topic, 2, 200, 300);
    assertThat(compiledDuring(() -> user.sql("REFRESH STREAMING TABLE rd_code").collectAsList()))
        .as("classes compiled by a third refresh of the same definition")
        .isZero();
    assertThat(user.sql("SELECT count(*) FROM rd_code").first().getLong(0)).isEqualTo(300);

    // A session that added a jar (a UDF's, say) keeps its own class loader in its refreshes, and
    // with it Spark's compiling per streaming query.
    SparkSession withJar = spark.newSession();
    Path jar = Files.createTempFile("rd-code", ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("rd/code.txt"));
      out.write("a user's artifact".getBytes(StandardCharsets.UTF_8));
    }
    ((org.apache.spark.sql.classic.SparkSession) withJar).addArtifact(jar.toUri());
    withJar
        .sql("CREATE STREAMING TABLE rd_code_jar AS SELECT key, value, offset FROM STREAM " + read)
        .collectAsList();
    TestTopics.produce(kafka, topic, 2, 300, 400);
    withJar.sql("REFRESH STREAMING TABLE rd_code_jar").collectAsList();
    TestTopics.produce(kafka, topic, 2, 400, 500);
    assertThat(
            compiledDuring(
                () -> withJar.sql("REFRESH STREAMING TABLE rd_code_jar").collectAsList()))
        .isPositive();
    assertThat(withJar.sql("SELECT count(*) FROM rd_code_jar").first().getLong(0)).isEqualTo(500);
  }

  /** How many classes Spark's code generator compiled while {@code r} ran. */
  private static long compiledDuring(Runnable r) {
    long before = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
    r.run();
    return CodegenMetrics.METRIC_COMPILATION_TIME().getCount() - before;
  }

  /** The columns that have a dictionary-encoded chunk in any of the table's files. */
  private static Set<String> dictionaryColumns(SparkSession s, String table) throws Exception {
    Configuration conf = s.sparkContext().hadoopConfiguration();
    Set<String> columns = new HashSet<>();
    String[] files = s.table(table).inputFiles();
    assertThat(files).isNotEmpty();
    for (String file : files) {
      try (ParquetFileReader reader =
          ParquetFileReader.open(
              HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file), conf))) {
        for (BlockMetaData block : reader.getFooter().getBlocks()) {
          for (ColumnChunkMetaData c : block.getColumns()) {
            if (c.getEncodings().contains(Encoding.RLE_DICTIONARY)
                || c.getEncodings().contains(Encoding.PLAIN_DICTIONARY)) {
              columns.add(c.getPath().toDotString());
            }
          }
        }
      }
    }
    return columns;
  }
}
