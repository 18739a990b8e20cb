package io.github.sparkkafkasql.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * A single-node Kafka broker (KRaft, combined broker and controller roles) running inside this JVM
 * on a free loopback port with a temporary log directory.
 *
 * <p>It is started from Kafka's own jars, so tests talk to a real broker over the real protocol.
 * Close it to stop the broker and delete its data.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private final Path logDir;
  private final Properties props;
  private volatile String bootstrapServers;
  private KafkaRaftServer server;
  // Secured brokers only: the address of each listener, and the super user's client settings.
  private final Map<String, String> listeners;
  private final Map<String, String> clientSecurity;

  private EmbeddedKafka(
      Path logDir,
      Properties props,
      KafkaRaftServer server,
      String bootstrapServers,
      Map<String, String> listeners,
      Map<String, String> clientSecurity) {
    this.logDir = logDir;
    this.props = props;
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.listeners = Map.copyOf(listeners);
    this.clientSecurity = Map.copyOf(clientSecurity);
  }

  /**
   * A builder of a broker that requires authentication on every listener (SASL and TLS) and
   * authorizes with ACLs; see {@link SecuredKafka}.
   */
  public static SecuredKafka secured() {
    return new SecuredKafka();
  }

  /** Formats a fresh log directory and starts a broker on a free port; takes about 3 s. */
  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /** Starts a broker with extra broker properties (for example {@code log.retention.ms}). */
  public static EmbeddedKafka start(Map<String, String> overrides) {
    try {
      Path logDir = Files.createTempDirectory("kafka-sql-broker-");
      int brokerPort = freePort();
      int controllerPort = freePort();
      Properties props = brokerProperties(logDir, brokerPort, controllerPort);
      props.putAll(overrides);
      return start(logDir, props, List.of(), "127.0.0.1:" + brokerPort, Map.of(), Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded Kafka broker", e);
    }
  }

  /** Formats {@code logDir} (with {@code formatArgs}, such as SCRAM users) and starts a broker. */
  static EmbeddedKafka start(
      Path logDir,
      Properties props,
      List<String> formatArgs,
      String bootstrapServers,
      Map<String, String> listeners,
      Map<String, String> clientSecurity)
      throws IOException {
    format(logDir, props, formatArgs);
    KafkaRaftServer server = startServer(props);
    EmbeddedKafka kafka =
        new EmbeddedKafka(logDir, props, server, bootstrapServers, listeners, clientSecurity);
    kafka.awaitReady(Duration.ofSeconds(60));
    return kafka;
  }

  private static KafkaRaftServer startServer(Properties props) {
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    return server;
  }

  /**
   * Stops the broker as a crash would look to its clients (its ports close; connections are
   * refused), keeping its log directory for {@link #restart()}.
   */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /**
   * Starts a stopped broker again on the same ports and log directory, with the topics and records
   * it had, and waits until it answers.
   */
  public synchronized void restart() {
    if (server == null) {
      server = startServer(props);
      awaitReady(Duration.ofSeconds(60));
    }
  }

  /**
   * Restarts the broker on a new client port, with its log directory and so its cluster id, topics
   * and records: the brokers of one cluster replaced by others at new addresses, the old address
   * refusing connections. {@link #bootstrapServers()} gives the new address afterwards.
   */
  public synchronized void restartOnNewPort() {
    if (!listeners.isEmpty()) {
      throw new IllegalStateException("Only a plain broker moves to a new port");
    }
    stop();
    try {
      String old = bootstrapServers;
      String moved = old;
      while (moved.equals(old)) {
        moved = "127.0.0.1:" + freePort();
      }
      props.put("listeners", props.getProperty("listeners").replace(old, moved));
      props.put(
          "advertised.listeners", props.getProperty("advertised.listeners").replace(old, moved));
      bootstrapServers = moved;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = startServer(props);
    awaitReady(Duration.ofSeconds(60));
  }

  static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    // The first transactional producer creates this topic; Kafka's 50 partitions take seconds.
    p.put("transaction.state.log.num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Tests write records with fixed CreateTimes years in the past: time-based retention would
    // delete them minutes after they are written.
    p.put("log.retention.ms", "-1");
    return p;
  }

  private static void format(Path logDir, Properties props, List<String> extraArgs)
      throws IOException {
    Path config = logDir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      props.store(out, "embedded broker");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    List<String> command =
        new ArrayList<>(
            List.of(
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                config.toString(),
                "--ignore-formatted"));
    command.addAll(extraArgs);
    String[] args = command.toArray(String[]::new);
    int rc;
    try (PrintStream ps = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(args, ps);
    }
    if (rc != 0) {
      throw new IllegalStateException(
          "Formatting the broker's storage failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = admin()) {
        if (!admin.describeCluster().nodes().get().isEmpty()) {
          return;
        }
      } catch (ExecutionException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while starting the broker", e);
      }
    }
    throw new IllegalStateException("The embedded broker did not become ready in " + timeout, last);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** The {@code host:port} of the KRaft controller's listener, which clients cannot use. */
  public String controllerAddress() {
    String voters = props.getProperty("controller.quorum.voters");
    return voters.substring(voters.indexOf('@') + 1);
  }

  /** The {@code host:port} clients connect to. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The {@code host:port} of a listener of a secured broker ({@link SecuredKafka.Listener}); the
   * broker's setup listener for {@link #bootstrapServers()}.
   */
  public String bootstrapServers(SecuredKafka.Listener listener) {
    String address = listeners.get(listener.name());
    if (address == null) {
      throw new IllegalStateException("This broker has no listener " + listener);
    }
    return address;
  }

  /** A new admin client for this broker (on a secured one, as its super user); close it. */
  public Admin admin() {
    Map<String, Object> config = new HashMap<>(clientSecurity);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return Admin.create(config);
  }

  /** Grants {@code principal} (e.g. {@code User:alice}) these operations on a resource. */
  public void allow(String principal, ResourcePattern resource, AclOperation... operations) {
    List<AclBinding> acls = new ArrayList<>();
    for (AclOperation op : operations) {
      acls.add(
          new AclBinding(
              resource, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
    }
    try (Admin admin = admin()) {
      admin.createAcls(acls).all().get();
      // The authorizer applies ACLs once the metadata log has them: wait until it lists them.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (admin
              .describeAcls(new AclBindingFilter(resource.toFilter(), AccessControlEntryFilter.ANY))
              .values()
              .get()
              .size()
          < acls.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("ACLs not applied: " + acls);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not create ACLs " + acls, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sets (or changes) the SCRAM password of a user, as a credential rotation would. */
  public void setScramPassword(String user, ScramMechanism mechanism, String password) {
    try (Admin admin = admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(mechanism, 4096), password)))
          .all()
          .get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not set the SCRAM password of " + user, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a topic and waits until it exists. */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /** Creates a topic under a name no other caller uses, and returns the name. */
  public String createUniqueTopic(int partitions) {
    String name = "t_" + UUID.randomUUID().toString().replace("-", "");
    createTopic(name, partitions);
    return name;
  }

  /**
   * Numbered records {@code from} until {@code to} (exclusive), as tests produce them: record i has
   * key "k&lt;i&gt;", partition i % partitions, CreateTime 1,700,000,000,000 + i ms and the value
   * {@code value} gives for i.
   */
  public static List<ProducerRecord<byte[], byte[]>> numberedRecords(
      String topic, int partitions, int from, int to, IntFunction<String> value) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      records.add(
          new ProducerRecord<>(
              topic,
              i % partitions,
              1_700_000_000_000L + i,
              ("k" + i).getBytes(StandardCharsets.UTF_8),
              value.apply(i).getBytes(StandardCharsets.UTF_8)));
    }
    return records;
  }

  /** Creates a topic with topic configs (for example {@code message.timestamp.type}). */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try (Admin admin = admin()) {
      NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
      admin.createTopics(List.of(topic)).all().get();
      awaitLeaders(admin, name, partitions);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not create topic " + name, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the broker leads every partition: CreateTopics returns once the controller has
   * committed the topic, before the broker applied it, and an idempotent producer that meets
   * NOT_LEADER_OR_FOLLOWER there can wedge on sequence numbers when the machine is busy.
   */
  private static void awaitLeaders(Admin admin, String name, int partitions)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(name, p), OffsetSpec.latest());
    }
    // Polls the condition until a deadline: ListOffsets fails at once while the broker has not
    // yet applied the new topic (UNKNOWN_TOPIC_OR_PARTITION, then NOT_LEADER_OR_FOLLOWER).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin.listOffsets(latest).all().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw e;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }

  /**
   * Deletes a topic and waits until the broker no longer knows it, so that a topic of the same name
   * can be created (with a new topic id, its offsets starting at 0 again).
   */
  public void deleteTopic(String name) {
    try (Admin admin = admin()) {
      admin.deleteTopics(List.of(name)).all().get();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (admin.listTopics().names().get().contains(name)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Topic " + name + " is still listed after deletion");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not delete topic " + name, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The topic's id, which a topic deleted and created again under its name does not keep. */
  public Uuid topicId(String name) {
    try (Admin admin = admin()) {
      return admin.describeTopics(List.of(name)).topicNameValues().get(name).get().topicId();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not describe topic " + name, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Grows a topic to {@code total} partitions and waits until the broker leads every one. */
  public void addPartitions(String topic, int total) {
    try (Admin admin = admin()) {
      admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(total))).all().get();
      awaitLeaders(admin, topic, total);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not add partitions to " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Deletes the records of a partition before {@code offset}, as retention would: the partition's
   * earliest offset becomes {@code offset}.
   */
  public void deleteRecordsBefore(TopicPartition partition, long offset) {
    try (Admin admin = admin()) {
      admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(offset))).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not delete records of " + partition, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends the records in one transaction, then commits it or, when {@code commit} is false, aborts
   * it; either way the broker writes a transaction marker after them.
   */
  public void produceInTransaction(List<ProducerRecord<byte[], byte[]>> records, boolean commit) {
    Properties p = new Properties();
    p.putAll(clientSecurity);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
      for (ProducerRecord<byte[], byte[]> r : records) {
        acks.add(producer.send(r));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
      if (commit) {
        producer.commitTransaction();
      } else {
        producer.abortTransaction();
      }
      List<TopicPartition> written = new ArrayList<>();
      for (Future<RecordMetadata> ack : acks) {
        RecordMetadata m = ack.get();
        TopicPartition tp = new TopicPartition(m.topic(), m.partition());
        if (!written.contains(tp)) {
          written.add(tp);
        }
      }
      awaitTransactionsEnded(written);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Producing in a transaction failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until no transaction is open on the partitions: a producer's commit or abort returns
   * before the broker has written the markers, and until then a {@code read_committed} reader stops
   * before the transaction (its last stable offset lags the end of the log).
   */
  public void awaitTransactionsEnded(List<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Admin admin = admin()) {
      while (true) {
        var stable =
            admin
                .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get();
        var end =
            admin
                .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all()
                .get();
        boolean ended = true;
        for (TopicPartition tp : partitions) {
          ended &= stable.get(tp).offset() == end.get(tp).offset();
        }
        if (ended) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Transactions still open on " + partitions);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not list offsets of " + partitions, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A new idempotent producer of byte arrays for this broker; the caller closes it. */
  public KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * A new transactional producer of byte arrays for this broker, its transactions already
   * initialized; the caller begins, commits or aborts them and closes it.
   */
  public KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
    Properties p = producerProperties();
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    try {
      producer.initTransactions();
    } catch (RuntimeException e) {
      producer.close();
      throw e;
    }
    return producer;
  }

  private Properties producerProperties() {
    Properties p = new Properties();
    p.putAll(clientSecurity);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return p;
  }

  /** Sends the records and waits until the broker has acknowledged every one. */
  public void produce(List<ProducerRecord<byte[], byte[]>> records) {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
      for (ProducerRecord<byte[], byte[]> r : records) {
        acks.add(producer.send(r));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Producing to the embedded broker failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stop();
    deleteRecursively(logDir);
  }

  /** Best effort: the directory lives under the system temp dir. */
  private static void deleteRecursively(Path dir) {
    try {
      // Kafka's own delete, which tolerates files that vanish while it walks.
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      // Left behind in the temp dir.
    }
  }
}
