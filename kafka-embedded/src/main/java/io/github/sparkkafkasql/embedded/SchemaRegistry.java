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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

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
  private final boolean https;
  private final HttpClient http;

  private SchemaRegistry(Process process, int port, SSLContext ssl) {
    this.process = process;
    this.port = port;
    this.https = ssl != null;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    this.http = ssl == null ? b.build() : b.sslContext(ssl).build();
  }

  /** Starts the registry over plain HTTP and waits until it reports ready. */
  public static SchemaRegistry start() {
    return start(null, List.of());
  }

  /**
   * Starts the registry over HTTPS only, with the broker certificate of {@code tls} (localhost,
   * 127.0.0.1, signed by its CA); the requests of this class trust that CA. Apicurio's build fixes
   * Quarkus' {@code quarkus.http.ssl.client-auth} to none, so it cannot require client
   * certificates: a test of mutual TLS puts a proxy that does in front of it.
   */
  public static SchemaRegistry startHttps(TlsMaterial tls) {
    String store = TlsMaterial.PASSWORD;
    List<String> props =
        List.of(
            "-Dquarkus.http.insecure-requests=disabled",
            "-Dquarkus.http.ssl.certificate.key-store-file=" + tls.brokerKeystore(),
            "-Dquarkus.http.ssl.certificate.key-store-file-type=PKCS12",
            "-Dquarkus.http.ssl.certificate.key-store-password=" + store,
            "-Dquarkus.http.ssl.certificate.key-store-alias=broker");
    return start(tls.clientContext(), props);
  }

  private static SchemaRegistry start(SSLContext ssl, List<String> tlsProperties) {
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
      List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
      command.add("-Dquarkus.http.host=127.0.0.1");
      command.add("-Dquarkus.http." + (ssl == null ? "port=" : "ssl-port=") + port);
      if (ssl != null) {
        // The plain port is disabled but still bound: give it a free one too.
        command.add("-Dquarkus.http.port=" + freePort());
      }
      command.addAll(tlsProperties);
      command.addAll(List.of("-jar", runner));
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      SchemaRegistry registry = new SchemaRegistry(p, port, ssl);
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
    return (https ? "https" : "http") + "://127.0.0.1:" + port;
  }

  /** The Confluent-compatible API's address, to give as {@code schemaRegistryAddress}. */
  public String address() {
    return base() + "/apis/ccompat/v7";
  }

  /** Registers an Avro schema under a subject and returns the id the registry gave it. */
  public int register(String subject, String avroSchema) {
    return registerRequest(subject, "{\"schema\":" + jsonString(avroSchema) + "}");
  }

  /**
   * Registers what {@code body} holds, in the form Confluent's API takes ({@code schema} and, when
   * needed, {@code schemaType} and {@code references}); returns the id the registry gave it.
   */
  public int registerRequest(String subject, String body) {
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

  /** {@code s} as a JSON string literal, quotes included. */
  public static String jsonString(String s) {
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
