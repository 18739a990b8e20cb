package io.github.sparkkafkasql.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparkkafkasql.kafka.ConsumerGroups;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import io.github.sparkkafkasql.options.Validators;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code commitOffsets => true}: after each micro-batch of a refresh is committed to Delta, commits
 * the batch's end offsets, read from the checkpoint's offset log, to the consumer group {@code
 * kafka.group.id} names. The checkpoint stays the truth: a failed commit is remembered for the
 * refresh's result and history, and never fails the refresh or makes it read anything again.
 */
public final class GroupOffsets {

  private static final Logger LOG = LoggerFactory.getLogger(GroupOffsets.class);

  /** A source with commitOffsets; {@code index} is its line in the checkpoint's offset log. */
  private record Target(int index, String group, ReadKafkaSource source) {}

  private final List<Target> targets;
  private final String checkpoint;
  private final Configuration hadoop;
  private final List<String> errors = new ArrayList<>();
  private boolean anyBatch;

  private GroupOffsets(List<Target> targets, String checkpoint, Configuration hadoop) {
    this.targets = targets;
    this.checkpoint = checkpoint;
    this.hadoop = hadoop;
  }

  /** The sources of an analysed definition that commit offsets, for the checkpoint it runs on. */
  static GroupOffsets of(Dataset<Row> df, String checkpoint) {
    return new GroupOffsets(
        targets(df), checkpoint, df.sparkSession().sparkContext().hadoopConfiguration());
  }

  /**
   * Fails when a source's group cannot be used by its principal, so that CREATE says so rather than
   * the first refresh's result.
   */
  public static void checkAccess(Dataset<Row> df, String table) {
    for (Target t : targets(df)) {
      ConsumerGroups.checkAccess(t.source, t.group, table);
    }
  }

  private static List<Target> targets(Dataset<Row> df) {
    List<Target> targets = new ArrayList<>();
    for (KafkaLeaf leaf : KafkaLeaf.of(df)) {
      ReadKafkaSource source = leaf.source();
      if ("true".equalsIgnoreCase(source.option(ReadKafkaOptions.COMMIT_OFFSETS))) {
        targets.add(new Target(leaf.position(), source.option("kafka.group.id"), source));
      }
    }
    return targets;
  }

  boolean isEmpty() {
    return targets.isEmpty();
  }

  /** Commits the offsets of a batch that Delta has committed; a failure is remembered. */
  void committed(long batchId) {
    if (targets.isEmpty()) {
      return;
    }
    anyBatch = true;
    List<JsonNode> lines;
    try {
      lines = offsetLog(hadoop, checkpoint, batchId);
    } catch (IOException e) {
      failed("all groups", e);
      return;
    }
    for (Target t : targets) {
      if (t.index >= lines.size() || lines.get(t.index) == null) {
        continue;
      }
      try {
        ConsumerGroups.commit(
            t.source, t.group, StreamingTableStatus.kafkaOffsets(lines.get(t.index)));
      } catch (Exception e) {
        failed("`" + t.group + "`", e);
      }
    }
  }

  /**
   * After the refresh's query: a refresh that ran no batch commits the checkpoint's last batch, so
   * that a group that missed a commit, or commitOffsets turned on for a table already caught up,
   * shows the table's position.
   */
  void finish() {
    if (targets.isEmpty() || anyBatch) {
      return;
    }
    Path commits = new Path(checkpoint, "commits");
    long last = -1;
    try {
      FileSystem fs = commits.getFileSystem(hadoop);
      if (fs.exists(commits)) {
        for (FileStatus f : fs.listStatus(commits)) {
          if (f.getPath().getName().matches("\\d+")) {
            last = Math.max(last, Long.parseLong(f.getPath().getName()));
          }
        }
      }
    } catch (IOException e) {
      failed("all groups", e);
      return;
    }
    if (last >= 0) {
      committed(last);
    }
  }

  /** REFRESH … FULL: the groups forget their offsets, as the table forgot its data. */
  void forget() {
    for (Target t : targets) {
      try {
        Set<String> topics = new LinkedHashSet<>();
        for (TopicPartition tp : committedOffsets(t)) {
          topics.add(tp.topic());
        }
        ConsumerGroups.forget(t.source, t.group, topics);
      } catch (Exception e) {
        failed("`" + t.group + "`", e);
      }
    }
  }

  private Set<TopicPartition> committedOffsets(Target t) throws Exception {
    Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> current =
        t.source
            .admin()
            .listConsumerGroupOffsets(t.group)
            .partitionsToOffsetAndMetadata()
            .get(t.source.timeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS);
    return current.keySet();
  }

  /** What went wrong committing offsets during this refresh, or null when nothing did. */
  synchronized String error() {
    return errors.isEmpty() ? null : String.join("; ", errors);
  }

  private synchronized void failed(String group, Exception e) {
    Throwable cause =
        e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
            ? e.getCause()
            : e;
    String message =
        "could not commit offsets to consumer group "
            + group
            + ": "
            + cause.getClass().getSimpleName()
            + ": "
            + cause.getMessage();
    LOG.warn("{} (the table and its checkpoint are unaffected)", message);
    if (errors.size() < 3 && !errors.contains(message)) {
      errors.add(message);
    }
  }

  /** The source lines of a batch's offset log entry: JSON, or null for a source without offsets. */
  static List<JsonNode> offsetLog(Configuration hadoop, String checkpoint, long batchId)
      throws IOException {
    Path file = new Path(new Path(checkpoint, "offsets"), String.valueOf(batchId));
    List<JsonNode> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(file.getFileSystem(hadoop).open(file), StandardCharsets.UTF_8))) {
      in.readLine(); // format version
      in.readLine(); // batch metadata
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(Validators.parseObject(line));
      }
    }
    return lines;
  }
}
