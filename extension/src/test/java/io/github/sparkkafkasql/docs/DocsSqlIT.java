package io.github.sparkkafkasql.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.SharedSparkIT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Every statement in the {@code sql} blocks of the README and docs/*.md, and of
 * docs/examples/quickstart.sql, runs against the embedded broker: what users copy from the docs
 * works with this version.
 *
 * <p>The conventions for writing docs:
 *
 * <ul>
 *   <li>A page runs top to bottom in one Spark session of its own, so a block may use the tables,
 *       views and settings of the blocks above it on the same page. Tables and views are dropped
 *       after each page.
 *   <li>A block declares the topics and records it needs in an HTML comment on the line before its
 *       fence, which rendered markdown does not show: {@code <!-- docs-test: topic orders
 *       partitions 3; produce orders from sql-tests/inputs/data/orders.jsonl -->}. The directives
 *       are those of {@link DocTopics}. Topics live on one broker for the whole test, so the pages
 *       that use a topic each declare it with the same partition count.
 *   <li>{@code -- @produce <topic> <n>} in a block produces n sample click events before the next
 *       statement, as in the demo script.
 *   <li>A block that cannot run here (a secured cluster, …) says why: {@code <!-- docs-test: skip:
 *       needs a SASL_SSL cluster -->}. A skip without a reason fails the test.
 *   <li>The broker address is substituted: {@code ${bootstrap}}, and any string literal that is a
 *       list of {@code host:port} ({@code 'localhost:9092'}, {@code 'broker1:9092,broker2:9092'}).
 *   <li>docs/examples/quickstart.sql runs as {@code bin/kafka-sql --demo} runs it: after the topic
 *       {@code clicks} (3 partitions) was filled with 300 sample events.
 * </ul>
 */
class DocsSqlIT extends SharedSparkIT {

  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
  private static final Pattern BROKER_LITERAL =
      Pattern.compile("'\\s*[A-Za-z0-9.-]+:\\d{2,5}(\\s*,\\s*[A-Za-z0-9.-]+:\\d{2,5})*\\s*'");
  private static final String QUICKSTART_SETUP = "topic clicks partitions 3; produce clicks 300";

  @Test
  void everyDocumentedStatementRuns(TestReporter reporter) throws IOException {
    DocTopics topics = new DocTopics(kafka, ROOT);
    List<List<DocBlock>> pages = new ArrayList<>();
    for (Path page : markdownPages()) {
      List<DocBlock> blocks = DocPages.markdown(ROOT, page);
      if (!blocks.isEmpty()) {
        pages.add(blocks);
      }
    }
    Path quickstart = ROOT.resolve("docs/examples/quickstart.sql");
    pages.add(List.of(DocPages.sqlFile(ROOT, quickstart, QUICKSTART_SETUP)));

    int ran = 0;
    List<String> skipped = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<String> timings = new ArrayList<>();
    for (List<DocBlock> page : pages) {
      long start = System.nanoTime();
      SparkSession session = spark.newSession();
      // As bin/kafka-sql does: Delta's 50 snapshot tasks make each first query on a table take
      // seconds on two cores (docs/troubleshooting.md), which would dominate this test's time.
      session.conf().set("spark.databricks.delta.snapshotPartitions", "2");
      try {
        for (DocBlock block : page) {
          if (block.skipReason() != null) {
            skipped.add(block.where() + " (" + block.skipReason() + ")");
            continue;
          }
          for (String directive : block.setup()) {
            topics.apply(block.where(), directive);
          }
          for (DocBlock.Step step : block.steps()) {
            if (step.isProduce()) {
              topics.produceSamples(step.produceTopic(), step.produceCount());
              continue;
            }
            try {
              run(session, step.sql());
              ran++;
            } catch (RuntimeException e) {
              failures.add(block.where() + ": " + step.sql() + "\n  " + e.getMessage());
            }
          }
        }
      } catch (Exception e) {
        failures.add(failure(page, e));
      } finally {
        dropTables(session);
      }
      timings.add(pageName(page) + " " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
    String summary =
        ran + " statements ran, " + skipped.size() + " blocks skipped " + skipped + "; " + timings;
    System.out.println("Docs SQL: " + summary);
    reporter.publishEntry("docs-sql", summary);
    assertThat(failures).as("documented statements that fail").isEmpty();
    assertThat(ran).as("statements run from the docs").isGreaterThan(50);
  }

  private static List<Path> markdownPages() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (var files = Files.newDirectoryStream(ROOT.resolve("docs"), "*.md")) {
      files.forEach(docs::add);
    }
    docs.sort(null);
    return docs;
  }

  private static void run(SparkSession session, String statement) {
    session.sql(substitute(statement)).collectAsList();
  }

  /** The statement with the documented broker addresses replaced by the embedded broker's. */
  static String substitute(String sql) {
    String bootstrap = kafka.bootstrapServers();
    String replaced = sql.replace("${bootstrap}", bootstrap);
    return BROKER_LITERAL
        .matcher(replaced)
        .replaceAll(Matcher.quoteReplacement("'" + bootstrap + "'"));
  }

  private static String failure(List<DocBlock> page, Exception e) {
    return pageName(page) + ": " + e;
  }

  private static String pageName(List<DocBlock> page) {
    return page.get(0).where().replaceFirst(":\\d+$", "");
  }

  private static void dropTables(SparkSession session) {
    for (Row t : session.sql("SHOW TABLES").collectAsList()) {
      String name = t.getString(1);
      session.sql(t.getBoolean(2) ? "DROP VIEW IF EXISTS " + name : "DROP TABLE IF EXISTS " + name);
    }
  }
}
