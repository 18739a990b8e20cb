package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A refresh writes a binary {@code value} column (Kafka's payloads, which do not repeat) without
 * Parquet's dictionary, leaves the other columns to Parquet, keeps what the user's session sets,
 * and leaves the user's session unchanged.
 */
class ParquetDefaultsIT extends SharedSparkIT {

  /**
   * A {@code value} that repeats (one per partition, one partition), so that Parquet keeps its
   * dictionary when it is allowed one: a unique column's dictionary is dropped by Parquet anyway.
   */
  private static final String COLUMNS =
      "CAST(CAST(partition AS STRING) AS BINARY) AS value, topic, offset";

  private static final String CHECK = "SELECT count(*), sum(hash(value, topic, offset)) FROM ";

  @Test
  void valueAndOffsetArePlainEncodedUnlessTheSessionSaysOtherwise(EmbeddedKafka kafka)
      throws Exception {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 200);
    String read =
        ReadKafkaSql.of(kafka.bootstrapServers())
            .subscribe(topic)
            .option("startingOffsets", "earliest")
            .sql();
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

  /** The columns that have a dictionary-encoded chunk in any of the table's files. */
  private static Set<String> dictionaryColumns(SparkSession s, String table) throws Exception {
    Configuration conf = s.sparkContext().hadoopConfiguration();
    Set<String> columns = new HashSet<>();
    String[] files = s.table(table).inputFiles();
    assertThat(files).isNotEmpty();
    for (String file : files) {
      try (ParquetFileReader reader =
          ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
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
