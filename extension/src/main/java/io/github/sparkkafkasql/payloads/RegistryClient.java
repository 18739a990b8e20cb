package io.github.sparkkafkasql.payloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Reads a Confluent-compatible Schema Registry's REST API (Confluent's, Apicurio's {@code
 * /apis/ccompat/v7}): a subject's version on the driver, schemas by id on executors (cached per
 * JVM, one request per id).
 */
final class RegistryClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Writer schemas by registry address and id, for the life of the JVM (ids never change). */
  private static final Map<String, Schema> BY_ID = new ConcurrentHashMap<>();

  private static final Map<Long, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  /** A version of a subject. */
  record Version(int id, int version, String schema) {}

  /** The registry's answer, or why there is none. */
  record Answer(int status, JsonNode body) {}

  /** Thrown when the registry cannot be reached at all. */
  static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  private RegistryClient() {}

  /** {@code GET address + path}, bounded by {@code timeoutMs} to connect and to answer. */
  static Answer get(String address, RegistryAuth auth, String path, long timeoutMs)
      throws Unreachable {
    HttpClient client =
        CLIENTS.computeIfAbsent(
            timeoutMs, t -> HttpClient.newBuilder().connectTimeout(Duration.ofMillis(t)).build());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(trimSlash(address) + path))
            .header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
            .timeout(Duration.ofMillis(timeoutMs));
    if (auth != null) {
      request.header("Authorization", auth.header());
    }
    try {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body;
      try {
        body = JSON.readTree(r.body());
      } catch (IOException e) {
        body = JSON.getNodeFactory().textNode(r.body());
      }
      return new Answer(r.statusCode(), body);
    } catch (HttpTimeoutException e) {
      throw new Unreachable("no answer within " + timeoutMs + " ms", e);
    } catch (ConnectException e) {
      throw new Unreachable("connection refused", e);
    } catch (IOException e) {
      throw new Unreachable(String.valueOf(e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted", e);
    }
  }

  static String subjectPath(String subject) {
    return "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static List<String> subjects(String address, RegistryAuth auth, long timeoutMs)
      throws Unreachable {
    List<String> names = new ArrayList<>();
    Answer a = get(address, auth, "/subjects", timeoutMs);
    if (a.status() == 200) {
      a.body().forEach(n -> names.add(n.asText()));
    }
    return names;
  }

  /**
   * The writer schema with this id, from the JVM's cache or the registry; null when the registry
   * does not know the id.
   */
  static Schema schemaById(String address, RegistryAuth auth, int id, long timeoutMs)
      throws Unreachable {
    String key = trimSlash(address) + "#" + id;
    Schema cached = BY_ID.get(key);
    if (cached != null) {
      return cached;
    }
    Answer a = get(address, auth, "/schemas/ids/" + id, timeoutMs);
    if (a.status() == 404) {
      return null;
    }
    if (a.status() != 200 || !a.body().has("schema")) {
      throw new Unreachable("HTTP " + a.status() + " for schema id " + id, null);
    }
    Schema schema = new Schema.Parser().parse(a.body().get("schema").asText());
    BY_ID.putIfAbsent(key, schema);
    return schema;
  }

  private static String trimSlash(String address) {
    return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
  }
}
