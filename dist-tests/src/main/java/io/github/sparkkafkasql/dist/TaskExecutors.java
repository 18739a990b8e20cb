package io.github.sparkkafkasql.dist;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Collects the ids of the executors that finished tasks. Listener events arrive asynchronously, so
 * {@link #since()} runs a one-task sentinel job and waits for its end event: every event of the
 * jobs before it has then been delivered. The sentinel's own task is not counted.
 */
final class TaskExecutors extends SparkListener {

  private static final String SENTINEL = "spark-kafka-sql.dist.sentinel";

  private final SparkContext sc;
  private final Set<String> executors = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Integer> sentinelJobs = new ConcurrentHashMap<>();
  private final Set<Integer> sentinelStages = ConcurrentHashMap.newKeySet();
  private final Set<Integer> finishedSentinels = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sentinels = new AtomicInteger();

  private TaskExecutors(SparkContext sc) {
    this.sc = sc;
  }

  static TaskExecutors register(SparkSession spark) {
    TaskExecutors listener = new TaskExecutors(spark.sparkContext());
    spark.sparkContext().addSparkListener(listener);
    return listener;
  }

  /** The executors (sorted ids) that finished tasks since the last call. */
  List<String> since() {
    int n = sentinels.incrementAndGet();
    sc.setLocalProperty(SENTINEL, Integer.toString(n));
    try {
      JavaSparkContext.fromSparkContext(sc).parallelize(List.of(1), 1).count();
    } finally {
      sc.setLocalProperty(SENTINEL, null);
    }
    RunSql.await("the listener to see sentinel job " + n, () -> finishedSentinels.contains(n));
    List<String> seen = List.copyOf(new TreeSet<>(executors));
    executors.clear();
    return seen;
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    String sentinel = sentinel(start.properties());
    if (sentinel != null) {
      sentinelJobs.put(start.jobId(), Integer.valueOf(sentinel));
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    if (sentinel(submitted.properties()) != null) {
      sentinelStages.add(submitted.stageInfo().stageId());
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (!sentinelStages.contains(end.stageId())) {
      executors.add(end.taskInfo().executorId());
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    Integer sentinel = sentinelJobs.get(end.jobId());
    if (sentinel != null) {
      finishedSentinels.add(sentinel);
    }
  }

  private static String sentinel(Properties properties) {
    return properties == null ? null : properties.getProperty(SENTINEL);
  }
}
