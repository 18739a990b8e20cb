package io.github.sparkkafkasql.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Confluent-compatible Schema Registry for tests: Apicurio Registry (in-memory storage)
 * started as a separate process from its runner jar, serving the Confluent API under {@link
 * #address()}. The process is stopped by {@link #close()} and, failing that, with this JVM.
 */
public final class SchemaRegistry implements AutoCloseable {

  /** System property naming the unpacked {@code apicurio-registry-app-*-runner.jar}. */
  public static final String RUNNER_PROPERTY = "kafkaSql.apicurioRunner";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

  private final Process process;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private SchemaRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the registry and waits until it reports ready. */
  public static SchemaRegistry start() {
    String runner = System.getProperty(RUNNER_PROPERTY);
    if (runner == null || !Files.isRegularFile(Path.of(runner))) {
      throw new IllegalStateException(
          "No Apicurio runner jar at -D"
              + RUNNER_PROPERTY
              + "="
              + runner
              + "; the module's build"
              + " unpacks it (maven-dependency-plugin) before the integration tests");
    }
    int port = freePort();
    Path log;
    try {
      log = Files.createTempFile("apicurio-", ".log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-Dquarkus.http.host=127.0.0.1",
                  "-Dquarkus.http.port=" + port,
                  "-jar",
                  runner)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      SchemaRegistry registry = new SchemaRegistry(p, port);
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "apicurio-stop"));
      registry.awaitReady(log);
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Path log) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Apicurio exited at start; its log: " + log);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base() + "/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        process.waitFor(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    close();
    throw new IllegalStateException("Apicurio not ready within " + START_TIMEOUT + "; log: " + log);
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The Confluent-compatible API's address, to give as {@code schemaRegistryAddress}. */
  public String address() {
    return base() + "/apis/ccompat/v7";
  }

  /** Registers an Avro schema under a subject and returns the id the registry gave it. */
  public int register(String subject, String avroSchema) {
    String body = "{\"schema\":" + jsonString(avroSchema) + "}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(address() + "/subjects/" + subject + "/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      Matcher m = ID.matcher(r.body());
      if (r.statusCode() != 200 || !m.find()) {
        throw new IllegalStateException("Registering " + subject + " failed: " + r.body());
      }
      return Integer.parseInt(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
