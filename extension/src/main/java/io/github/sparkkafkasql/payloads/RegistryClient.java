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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
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

  /** One HTTP client per timeout and TLS stores (as last modified), for the life of the JVM. */
  private static final Map<List<Object>, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  /** A version of a subject. */
  record Version(int id, int version, String schema) {}

  /** The registry's answer, or why there is none. */
  record Answer(int status, JsonNode body) {}

  /** Thrown when the registry cannot be reached at all. */
  static class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /** The registry answered, but not with what was asked: its answer says why. */
  static final class Refused extends Unreachable {
    private static final long serialVersionUID = 1L;
    private final String request;
    private final String answer;

    Refused(String request, String answer) {
      super(request + ": " + answer, null);
      this.request = request;
      this.answer = answer;
    }

    String request() {
      return request;
    }

    String answer() {
      return answer;
    }
  }

  /** The TLS handshake failed: an untrusted certificate, another host name, no client key. */
  static final class TlsFailed extends Unreachable {
    private static final long serialVersionUID = 1L;

    TlsFailed(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /** A trust or key store that could not be read (its option names it). */
  static final class StoreUnreadable extends Unreachable {
    private static final long serialVersionUID = 1L;
    private final String option;

    StoreUnreadable(RegistryTls.BadStore e) {
      super(e.getMessage(), e);
      this.option = e.option();
    }

    String option() {
      return option;
    }
  }

  /** How to reach a registry over TLS: the fix a handshake failure needs. */
  static final String TLS_FIX =
      "If the registry's certificate is signed by a CA the JVM does not trust, give that CA's"
          + " trust store with schemaRegistryTruststoreLocation (a path readable on the driver and"
          + " every executor) and schemaRegistryTruststorePassword => secret('…'); the host name of"
          + " schemaRegistryAddress must be one the certificate names; a registry that requires a"
          + " client certificate takes schemaRegistryKeystoreLocation and"
          + " schemaRegistryKeystorePassword";

  private RegistryClient() {}

  /** The instance of each registry address list that answered last, tried first next time. */
  private static final Map<String, Integer> ANSWERED = new ConcurrentHashMap<>();

  /**
   * {@code GET address + path}, bounded by {@code timeoutMs} to connect and to answer. {@code
   * address} may list several instances of one registry, comma-separated, as Confluent's clients
   * take them: one that cannot be reached is skipped for the next, starting with the one that
   * answered last.
   */
  static Answer get(String address, RegistryAuth auth, String path, long timeoutMs)
      throws Unreachable {
    String[] urls = address.split(",");
    if (urls.length == 1) {
      return getOne(address.trim(), auth, path, timeoutMs);
    }
    int start = ANSWERED.getOrDefault(address, 0);
    List<String> reasons = new ArrayList<>();
    boolean allTls = true;
    Unreachable first = null;
    for (int i = 0; i < urls.length; i++) {
      int at = (start + i) % urls.length;
      String url = urls[at].trim();
      try {
        Answer a = getOne(url, auth, path, timeoutMs);
        ANSWERED.put(address, at);
        return a;
      } catch (StoreUnreadable e) {
        throw e;
      } catch (Unreachable e) {
        first = first == null ? e : first;
        allTls &= e instanceof TlsFailed;
        reasons.add(url + ": " + e.getMessage());
      }
    }
    String reason = String.join("; ", reasons);
    throw allTls ? new TlsFailed(reason, first) : new Unreachable(reason, first);
  }

  private static Answer getOne(String address, RegistryAuth auth, String path, long timeoutMs)
      throws Unreachable {
    HttpClient client = client(timeoutMs, auth == null ? null : auth.tls());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(trimSlash(address) + path))
            .header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
            .timeout(Duration.ofMillis(timeoutMs));
    if (auth != null && auth.header() != null) {
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
      SSLException tls = tlsCause(e);
      if (tls != null) {
        throw new TlsFailed(String.valueOf(tls.getMessage()), e);
      }
      if (address.startsWith("https:") && closedWithoutAnswer(e)) {
        // TLS 1.3 finishes the client's side of the handshake before the server checks the
        // client's certificate: a server that requires one just closes the connection.
        throw new TlsFailed(
            "the registry closed the connection without answering ("
                + e.getMessage()
                + "), as a server that requires a client certificate does when none, or one it"
                + " does not trust, is presented",
            e);
      }
      throw new Unreachable(String.valueOf(e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted", e);
    }
  }

  private static HttpClient client(long timeoutMs, RegistryTls tls) throws StoreUnreadable {
    List<Object> key = Arrays.asList(timeoutMs, tls, tls == null ? null : tls.stamp());
    HttpClient client = CLIENTS.get(key);
    if (client != null) {
      return client;
    }
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMs));
    if (tls != null) {
      try {
        b.sslContext(tls.context());
      } catch (RegistryTls.BadStore e) {
        throw new StoreUnreadable(e);
      }
    }
    client = b.build();
    HttpClient raced = CLIENTS.putIfAbsent(key, client);
    return raced != null ? raced : client;
  }

  private static boolean closedWithoutAnswer(IOException e) {
    String m = String.valueOf(e.getMessage());
    return e instanceof java.io.EOFException
        || m.contains("received no bytes")
        || m.contains("Connection reset");
  }

  /** The TLS failure behind an I/O error, if it is one (the HTTP client wraps some). */
  private static SSLException tlsCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException s) {
        return s;
      }
    }
    return null;
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
    String request = "GET /schemas/ids/" + id;
    Answer a = get(address, auth, "/schemas/ids/" + id, timeoutMs);
    if (a.status() == 404) {
      return null;
    }
    if (a.status() != 200 || !a.body().has("schema")) {
      throw new Refused(request, "HTTP " + a.status() + " " + a.body());
    }
    String type = schemaType(a.body());
    if (!type.equals("AVRO")) {
      throw new Refused(request, "schema id " + id + " is a " + type + " schema, not Avro");
    }
    Schema schema = parse(address, auth, a.body(), timeoutMs);
    BY_ID.putIfAbsent(key, schema);
    return schema;
  }

  /** Confluent's {@code schemaType} of a registry answer: {@code AVRO} when absent, as there. */
  static String schemaType(JsonNode body) {
    String type = body.path("schemaType").asText("");
    return type.isEmpty() ? "AVRO" : type.toUpperCase(Locale.ROOT);
  }

  /**
   * The Avro schema of a registry answer: its {@code schema}, whose named types may be defined by
   * the answer's {@code references} (Confluent's schema references: a type registered under another
   * subject and version, each of which may have references of its own). {@code toString()} of the
   * result defines every type it uses, so it stands on its own.
   */
  static Schema parse(String address, RegistryAuth auth, JsonNode body, long timeoutMs)
      throws Unreachable {
    Schema.Parser parser = new Schema.Parser();
    define(address, auth, body.path("references"), parser, new HashSet<>(), timeoutMs);
    return parser.parse(body.get("schema").asText());
  }

  /** Defines in {@code parser} the types the references name, theirs first. */
  private static void define(
      String address,
      RegistryAuth auth,
      JsonNode references,
      Schema.Parser parser,
      Set<String> defined,
      long timeoutMs)
      throws Unreachable {
    for (JsonNode ref : references) {
      String subject = ref.path("subject").asText();
      String version = ref.path("version").asText("latest");
      if (!defined.add(subject + "/" + version)) {
        continue;
      }
      String path = subjectPath(subject) + "/versions/" + version;
      Answer a = get(address, auth, path, timeoutMs);
      if (a.status() != 200 || !a.body().has("schema")) {
        throw new Refused(
            "GET " + path + " (the schema reference " + ref.path("name").asText() + ")",
            "HTTP " + a.status() + " " + a.body());
      }
      define(address, auth, a.body().path("references"), parser, defined, timeoutMs);
      parser.parse(a.body().get("schema").asText());
    }
  }

  private static String trimSlash(String address) {
    return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
  }
}
