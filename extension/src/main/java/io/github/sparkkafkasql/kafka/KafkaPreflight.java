package io.github.sparkkafkasql.kafka;

import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.errors.KafkaErrors;
import io.github.sparkkafkasql.errors.SecurityErrors;
import io.github.sparkkafkasql.options.BrokerAddress;
import io.github.sparkkafkasql.options.Suggestions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Checks, before any Spark job starts, that the brokers answer and the topics exist, so a wrong
 * address or topic fails within a bounded time with an error that names it, instead of a task that
 * retries for minutes.
 */
public final class KafkaPreflight {

  private static final long MAX_PROBE_MS = 5_000;

  /**
   * How long the first answer may take before the listener is asked what it speaks: a listener that
   * expects another security protocol drops the connection without a word.
   */
  private static final long QUIET_MS = 2_000;

  private final String servers;
  private final Map<String, String> clientSettings;
  private final long timeoutMs;
  private final String timeoutText;
  private final SecurityFailures security;

  public KafkaPreflight(String servers, Map<String, String> clientSettings, long timeoutMs) {
    this.servers = servers;
    this.clientSettings = clientSettings;
    this.timeoutMs = timeoutMs;
    this.security = new SecurityFailures(servers, clientSettings);
    this.timeoutText = timeoutMs % 1000 == 0 ? timeoutMs / 1000 + " s" : timeoutMs + " ms";
  }

  /**
   * Offsets given as JSON ({@code startingOffsets}, {@code endingOffsets}; -1 and -2 left out) that
   * must lie where Kafka has records; a start below a partition's first retained offset is allowed
   * when {@code lossAllowed} ({@code failOnDataLoss => false}).
   */
  public record Positions(
      Map<TopicPartition, Long> starts,
      Map<TopicPartition, Long> ends,
      boolean lossAllowed,
      String isolationLevel,
      java.util.function.Consumer<Map<String, Integer>> partitionsNamed) {}

  /**
   * Checks the brokers, then that each topic (and assigned partition) exists, that each partition
   * has a record at or after its starting timestamp ({@code startTimestamps} maps the partition
   * count of each topic to the timestamps to check, none when the start will not be used), and that
   * {@code positions} lie within the partitions' records.
   */
  public void check(
      Collection<String> topics,
      Map<String, List<Integer>> assignment,
      Function<Map<String, Integer>, Map<String, Map<Integer, Long>>> startTimestamps,
      Positions positions) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    probeAddresses(deadline);
    Properties props = adminProperties(servers, clientSettings, timeoutMs);
    Admin admin = client(props);
    try {
      awaitCluster(admin, deadline);
      if (!topics.isEmpty()) {
        Map<String, Integer> counts = checkTopics(admin, topics, assignment, deadline);
        // Offsets given per partition must name exactly the read's partitions (Spark asserts it).
        positions.partitionsNamed().accept(counts);
        checkStartTimestamps(admin, startTimestamps.apply(counts), deadline);
        checkPositions(admin, positions, counts, deadline);
      }
      checkGroup(admin, deadline);
    } catch (TimeoutException e) {
      AdminClients.evict(props);
      throw KafkaErrors.brokerUnreachable(
          servers,
          timeoutText,
          "a connection opened but Kafka did not answer; check that the security settings"
              + " (kafka.security.protocol, SASL, TLS) match the broker's listener",
          KafkaSqlConf.CONNECT_TIMEOUT.key());
    } catch (ExecutionException e) {
      AdminClients.evict(props);
      RuntimeException secured = security.classify(e.getCause(), probeMs(deadline));
      if (secured != null) {
        throw secured;
      }
      throw KafkaErrors.metadataFailed(servers, "the cluster", message(e.getCause()));
    } catch (InterruptedException e) {
      AdminClients.evict(props);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking Kafka", e);
    }
  }

  /** The admin client for these settings; settings it cannot be created from fail here. */
  private Admin client(Properties props) {
    try {
      return AdminClients.get(props);
    } catch (KafkaException e) {
      RuntimeException setup = security.clientSetup(e);
      if (setup != null) {
        throw setup;
      }
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      // Kafka's message is not shown: it can quote a setting's value.
      throw KafkaErrors.metadataFailed(
          servers,
          "the cluster",
          "Kafka's client could not be created from the kafka.* options ("
              + root.getClass().getSimpleName()
              + ")");
    }
  }

  /**
   * Waits for the cluster's first answer. When it is slow to come, asks the listener what it
   * speaks: a client whose security protocol differs from the listener's gets no answer at all, and
   * would otherwise wait for the whole timeout and learn nothing.
   */
  private void awaitCluster(Admin admin, long deadline)
      throws InterruptedException, TimeoutException, ExecutionException {
    KafkaFuture<Collection<Node>> nodes = admin.describeCluster().nodes();
    try {
      try {
        nodes.get(Math.min(QUIET_MS, remainingMs(deadline)), TimeUnit.MILLISECONDS);
      } catch (TimeoutException quiet) {
        RuntimeException mismatch = security.diagnose(probeMs(deadline));
        if (mismatch != null) {
          AdminClients.evict(adminProperties(servers, clientSettings, timeoutMs));
          throw mismatch;
        }
        nodes.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnsupportedVersionException) {
        // A Kafka node that answers but serves no metadata to clients: a KRaft controller.
        AdminClients.evict(adminProperties(servers, clientSettings, timeoutMs));
        throw KafkaErrors.notABroker(servers, message(e.getCause()));
      }
      throw e;
    }
  }

  /**
   * A consumer group set with {@code kafka.group.id} must be one the principal may read; the
   * group's authorized operations say so without joining it.
   */
  private void checkGroup(Admin admin, long deadline)
      throws InterruptedException, TimeoutException, ExecutionException {
    String group = clientSettings.get("group.id");
    if (group == null) {
      return;
    }
    try {
      ConsumerGroupDescription d =
          admin
              .describeConsumerGroups(
                  List.of(group),
                  new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
              .describedGroups()
              .get(group)
              .get(remainingMs(deadline), TimeUnit.MILLISECONDS);
      if (d.authorizedOperations() != null
          && !d.authorizedOperations().contains(AclOperation.READ)) {
        throw SecurityErrors.groupNotAuthorized(group, servers);
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupAuthorizationException) {
        throw SecurityErrors.groupNotAuthorized(group, servers);
      }
      throw e;
    }
  }

  private static int probeMs(long deadline) {
    return (int) Math.max(1, Math.min(MAX_PROBE_MS, remainingMs(deadline)));
  }

  /**
   * Opens a TCP connection to each bootstrap address. A refused connection or an unknown host
   * answers at once, so a wrong address fails in milliseconds rather than after the full timeout.
   */
  private void probeAddresses(long deadline) {
    List<String> failures = new ArrayList<>();
    for (String address : servers.split(",")) {
      String a = address.trim();
      if (a.isEmpty()) {
        continue;
      }
      String failure = probe(a, Math.min(MAX_PROBE_MS, Math.max(1, remainingMs(deadline))));
      if (failure == null) {
        return;
      }
      failures.add(a + ": " + failure);
    }
    throw KafkaErrors.brokerUnreachable(
        servers, timeoutText, String.join("; ", failures), KafkaSqlConf.CONNECT_TIMEOUT.key());
  }

  /**
   * Why none of the bootstrap addresses accepts a TCP connection (one {@code address: reason} per
   * address), or null when one does; for watching brokers while a query runs.
   */
  public static String unreachable(String servers, long probeTimeoutMs) {
    List<String> failures = new ArrayList<>();
    for (String address : servers.split(",")) {
      String a = address.trim();
      if (!a.isEmpty()) {
        String failure = probe(a, probeTimeoutMs);
        if (failure == null) {
          return null;
        }
        failures.add(a + ": " + failure);
      }
    }
    return String.join("; ", failures);
  }

  private static String probe(String address, long timeoutMs) {
    BrokerAddress parsed = BrokerAddress.parse(address);
    if (parsed == null) {
      return "not in host:port form";
    }
    InetSocketAddress target = new InetSocketAddress(parsed.host(), parsed.port());
    if (target.isUnresolved()) {
      return "unknown host";
    }
    try (Socket socket = new Socket()) {
      socket.connect(target, (int) timeoutMs);
      return null;
    } catch (ConnectException e) {
      return "connection refused";
    } catch (SocketTimeoutException e) {
      return "no answer within " + timeoutMs + " ms";
    } catch (UnknownHostException e) {
      return "unknown host";
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** Returns the partition count of each topic. */
  private Map<String, Integer> checkTopics(
      Admin admin, Collection<String> topics, Map<String, List<Integer>> assignment, long deadline)
      throws InterruptedException, TimeoutException, ExecutionException {
    Map<String, KafkaFuture<TopicDescription>> futures =
        admin
            .describeTopics(topics, new DescribeTopicsOptions().includeAuthorizedOperations(true))
            .topicNameValues();
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    List<String> forbidden = new ArrayList<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> e : futures.entrySet()) {
      try {
        TopicDescription d = e.getValue().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        if (d.authorizedOperations() != null
            && !d.authorizedOperations().contains(AclOperation.READ)) {
          forbidden.add(e.getKey());
        }
        counts.put(e.getKey(), d.partitions().size());
        for (int p : assignment.getOrDefault(e.getKey(), List.of())) {
          if (p >= d.partitions().size()) {
            throw KafkaErrors.partitionNotFound(e.getKey(), p, d.partitions().size(), "assign");
          }
        }
      } catch (ExecutionException ex) {
        if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
          missing.add(e.getKey());
        } else if (ex.getCause() instanceof TopicAuthorizationException) {
          forbidden.add(e.getKey());
        } else {
          throw KafkaErrors.metadataFailed(
              servers, "topic `" + e.getKey() + "`", message(ex.getCause()));
        }
      }
    }
    if (!forbidden.isEmpty()) {
      throw SecurityErrors.topicNotAuthorized(
          String.join(", ", forbidden.stream().map(t -> "`" + t + "`").toList()), servers);
    }
    if (!missing.isEmpty()) {
      throw topicNotFound(admin, missing, deadline);
    }
    return counts;
  }

  /**
   * Spark fails deep inside planning with "No offset matched" when a partition has no record at or
   * after a starting timestamp; ask Kafka first and name the partitions.
   */
  private void checkStartTimestamps(
      Admin admin, Map<String, Map<Integer, Long>> timestamps, long deadline)
      throws InterruptedException, TimeoutException, ExecutionException {
    Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
    timestamps.forEach(
        (topic, byPartition) ->
            byPartition.forEach(
                (p, ts) -> specs.put(new TopicPartition(topic, p), OffsetSpec.forTimestamp(ts))));
    if (specs.isEmpty()) {
      return;
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
        admin.listOffsets(specs).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
    List<String> unmatched = new ArrayList<>();
    specs
        .keySet()
        .forEach(
            tp -> {
              if (offsets.get(tp).offset() < 0) {
                unmatched.add(
                    "`"
                        + tp
                        + "` ("
                        + Instant.ofEpochMilli(timestamps.get(tp.topic()).get(tp.partition()))
                        + ")");
              }
            });
    if (!unmatched.isEmpty()) {
      throw KafkaErrors.noRecordAtTimestamp(String.join(", ", unmatched));
    }
  }

  /**
   * Offsets past a partition's end make Spark's tasks wait for records that are not there and then
   * report them as lost; offsets below its first retained one fail the same way, after the job
   * started. Both are told here, with the partition's bounds.
   */
  private void checkPositions(
      Admin admin, Positions positions, Map<String, Integer> counts, long deadline)
      throws InterruptedException, TimeoutException, ExecutionException {
    Map<TopicPartition, OffsetSpec> earliest = new LinkedHashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
    for (Map<TopicPartition, Long> given : List.of(positions.starts(), positions.ends())) {
      for (TopicPartition tp : given.keySet()) {
        if (tp.partition() < counts.getOrDefault(tp.topic(), 0)) {
          earliest.put(tp, OffsetSpec.earliest());
          latest.put(tp, OffsetSpec.latest());
        }
      }
    }
    if (latest.isEmpty()) {
      return;
    }
    // As the read's consumers see the end: under read_committed, the last stable offset.
    ListOffsetsOptions options =
        new ListOffsetsOptions(ReadKafkaSource.isolationLevel(positions.isolationLevel()));
    KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> firstsAsked =
        admin.listOffsets(earliest).all();
    KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> endsAsked =
        admin.listOffsets(latest, options).all();
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> firsts =
        firstsAsked.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        endsAsked.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
    // A start past the end fails in Spark whatever failOnDataLoss says; with failOnDataLoss =>
    // false Spark reads what is there for offsets below the first retained one or an end past
    // the last, so those fail here only when a loss would fail the read.
    boolean strict = !positions.lossAllowed();
    outOfRange(positions.starts(), firsts, ends, true, strict, "startingOffsets");
    outOfRange(positions.ends(), firsts, ends, strict, strict, "endingOffsets");
  }

  private static void outOfRange(
      Map<TopicPartition, Long> given,
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> firsts,
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends,
      boolean pastFails,
      boolean belowFails,
      String option) {
    List<String> past = new ArrayList<>();
    List<String> below = new ArrayList<>();
    given.forEach(
        (tp, offset) -> {
          if (!ends.containsKey(tp)) {
            return;
          }
          long first = firsts.get(tp).offset();
          long end = ends.get(tp).offset();
          if (pastFails && offset > end) {
            past.add("`" + tp + "` at " + offset + ", past its end offset " + end);
          } else if (belowFails && offset < first) {
            below.add("`" + tp + "` at " + offset + ", below its first retained offset " + first);
          }
        });
    if (!past.isEmpty() || !below.isEmpty()) {
      List<String> all = new ArrayList<>(past);
      all.addAll(below);
      throw KafkaErrors.offsetOutOfRange(
          option,
          String.join("; ", all),
          !below.isEmpty() && option.equals("startingOffsets")
              ? " Records below the first retained offset were deleted (retention or"
                  + " deleteRecords): start at -2 (the earliest offset Kafka still has), or add"
                  + " failOnDataLoss => false to start there anyway."
              : "");
    }
  }

  private RuntimeException topicNotFound(Admin admin, List<String> missing, long deadline)
      throws InterruptedException, TimeoutException, ExecutionException {
    Set<String> existing =
        admin.listTopics().names().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
    List<String> suggestions = new ArrayList<>();
    for (String m : missing) {
      suggestions.addAll(Suggestions.closest(m, existing, 3));
    }
    String suggestion =
        suggestions.isEmpty()
            ? ""
            : " Did you mean "
                + String.join(", ", suggestions.stream().map(s -> "`" + s + "`").toList())
                + "?";
    return KafkaErrors.topicNotFound(
        String.join(", ", missing.stream().map(t -> "`" + t + "`").toList()), servers, suggestion);
  }

  /** Admin client settings: the read's Kafka client settings that apply to an admin client. */
  static Properties adminProperties(
      String servers, Map<String, String> clientSettings, long timeoutMs) {
    Properties props = new Properties();
    // Consumer-only settings (fetch sizes, group ids) would only make the admin client warn.
    clientSettings.forEach(
        (k, v) -> {
          if (AdminClientConfig.configNames().contains(k)) {
            props.put(k, v);
          }
        });
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-sql-preflight");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
    return props;
  }

  private static long remainingMs(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private static String message(Throwable t) {
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
