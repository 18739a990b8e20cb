package io.github.sparkkafkasql.options;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.spark.network.util.JavaUtils;

/** Validators for option values, each with a {@code toString()} that the docs table shows. */
public final class Validators {

  /**
   * Strict: a second value after the object, or a key given twice (of which Jackson would keep the
   * last, silently reading other partitions), is not the object the option asks for.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Validators() {}

  /** Accepts anything. */
  public static final Validator ANY = named("", v -> null);

  /** An http:// or https:// URL. */
  public static final Validator HTTP_URL =
      named(
          "http://host:port[/path] or https://…",
          v -> {
            try {
              java.net.URI u = java.net.URI.create(v.trim());
              boolean web = "http".equals(u.getScheme()) || "https".equals(u.getScheme());
              return web && u.getHost() != null ? null : "is not an http:// or https:// URL";
            } catch (IllegalArgumentException e) {
              return "is not a URL";
            }
          });

  /** One or more http(s) URLs, comma-separated (the instances of one service). */
  public static final Validator HTTP_URLS =
      named(
          "http://host:port[/path] or https://…, several separated by commas",
          v -> {
            String[] urls = v.split(",", -1);
            for (String url : urls) {
              if (url.isBlank()) {
                return "has an empty entry";
              }
              String problem = HTTP_URL.problem(url);
              if (problem != null) {
                return urls.length == 1 ? problem : "has '" + url.trim() + "', which " + problem;
              }
            }
            return null;
          });

  /** A non-empty string. */
  public static final Validator NON_EMPTY =
      named("non-empty", v -> v.isBlank() ? "is empty" : null);

  /** {@code user:password}, as HTTP basic authentication takes it; problems never show it. */
  public static final Validator USER_INFO =
      named("user:password", v -> v.indexOf(':') > 0 ? null : "is not of the form user:password");

  /** A comma-separated list of Kafka topic names, at least one. */
  public static final Validator TOPIC_LIST =
      named(
          "comma-separated topic names",
          v -> {
            List<String> topics =
                Arrays.stream(v.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
            if (topics.isEmpty()) {
              return "names no topic";
            }
            for (String topic : topics) {
              String problem = topicNameProblem(topic);
              if (problem != null) {
                return problem;
              }
            }
            return null;
          });

  /**
   * Why {@code topic} cannot be a Kafka topic's name (Kafka's own rule and words), or null. A
   * broker answers such a name with an error that reads like a refusal by its ACLs.
   */
  static String topicNameProblem(String topic) {
    try {
      org.apache.kafka.common.internals.Topic.validate(topic);
      return null;
    } catch (org.apache.kafka.common.errors.InvalidTopicException e) {
      String why = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\.$", "");
      return "names `" + topic + "`, which cannot be a Kafka topic (" + why + ")";
    }
  }

  /** A comma-separated list of {@code host:port} addresses. */
  public static final Validator HOST_PORT_LIST =
      named(
          "host:port[,host:port…]",
          v -> {
            List<String> entries =
                Arrays.stream(v.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
            if (entries.isEmpty()) {
              return "names no broker";
            }
            for (String e : entries) {
              BrokerAddress address = BrokerAddress.parse(e);
              if (address == null) {
                return "has '" + e + "', which is not in host:port form";
              }
              if (address.port() > 65535) {
                return "has '" + e + "', whose port is above 65535";
              }
            }
            return null;
          });

  /** A valid Java regular expression. */
  public static final Validator REGEX =
      named(
          "Java regex",
          v -> {
            if (v.isBlank()) {
              return "is empty";
            }
            try {
              Pattern.compile(v);
              return null;
            } catch (PatternSyntaxException e) {
              return "is not a valid regular expression (" + e.getDescription() + ")";
            }
          });

  /** A time string such as {@code 15m}, {@code 30s} or {@code 500ms}. */
  public static final Validator DURATION =
      named(
          "duration, e.g. 30s, 15m",
          v -> {
            try {
              return JavaUtils.timeStringAsMs(v) < 0 ? "is negative" : null;
            } catch (RuntimeException e) {
              return "is not a duration such as '30s' or '15m'";
            }
          });

  /** {@code {"topicA":[0,1],"topicB":[2]}}. */
  public static final Validator ASSIGN_JSON =
      named(
          "JSON: {\"topic\":[0,1]}",
          v -> {
            JsonNode root = parseObject(v);
            if (root == null) {
              return "is not a JSON object like {\"topicA\":[0,1],\"topicB\":[0]}" + why(v);
            }
            if (root.isEmpty()) {
              return "assigns no topic partitions";
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
              Map.Entry<String, JsonNode> topic = it.next();
              String badName = topicNameProblem(topic.getKey());
              if (badName != null) {
                return badName;
              }
              if (!topic.getValue().isArray() || topic.getValue().isEmpty()) {
                return "must map topic '" + topic.getKey() + "' to a non-empty array of partitions";
              }
              for (JsonNode p : topic.getValue()) {
                if (!p.isInt() || p.asInt() < 0) {
                  return "lists partition "
                      + p
                      + " of topic '"
                      + topic.getKey()
                      + "', not an int ≥ 0";
                }
              }
            }
            return null;
          });

  /**
   * {@code earliest}, {@code latest}, or {@code {"topic":{"0":23,"1":-2}}} (-2 earliest, -1
   * latest).
   */
  public static Validator offsets(String... keywords) {
    List<String> words = List.of(keywords);
    return named(
        String.join(", ", words) + ", or JSON: {\"topic\":{\"0\":23}}",
        v -> {
          if (words.contains(v.trim().toLowerCase(Locale.ROOT))) {
            return null;
          }
          return partitionMapProblem(
              v, -2, "is not " + String.join(" or ", quoted(words)) + " or a JSON object like");
        });
  }

  /** {@code {"topic":{"0":1700000000000}}}: a timestamp in epoch milliseconds per partition. */
  public static final Validator TIMESTAMPS_JSON =
      named(
          "JSON: {\"topic\":{\"0\":1700000000000}}",
          v -> partitionMapProblem(v, 0, "is not a JSON object like"));

  /** An integer of at least {@code min}. */
  public static Validator atLeast(long min) {
    return named("≥ " + min, v -> Long.parseLong(v.trim()) < min ? "is less than " + min : null);
  }

  /**
   * One of the given words, ignoring case and surrounding spaces; passed on in lower case, trimmed
   * (Kafka's {@code isolation.level} and Spark's timestamp strategy accept no other spelling).
   */
  public static Validator oneOf(String... values) {
    List<String> allowed = List.of(values);
    return new Validator() {
      @Override
      public String problem(String v) {
        return allowed.contains(canonical(v))
            ? null
            : "is not one of " + String.join(", ", quoted(allowed));
      }

      @Override
      public String canonical(String v) {
        return v.trim().toLowerCase(Locale.ROOT);
      }

      @Override
      public String toString() {
        return String.join(", ", allowed);
      }
    };
  }

  private static String partitionMapProblem(String v, long min, String notObject) {
    String example = "{\"topicA\":{\"0\":23,\"1\":-2}}";
    JsonNode root = parseObject(v);
    if (root == null) {
      return notObject + " " + example + why(v);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> topic = it.next();
      if (!topic.getValue().isObject()) {
        return "must map topic '" + topic.getKey() + "' to an object of partition → value";
      }
      for (Iterator<Map.Entry<String, JsonNode>> ps = topic.getValue().fields(); ps.hasNext(); ) {
        Map.Entry<String, JsonNode> p = ps.next();
        if (!p.getKey().matches("\\d+")) {
          return "names partition '"
              + p.getKey()
              + "' of topic '"
              + topic.getKey()
              + "', not a partition number";
        }
        if (!p.getValue().canConvertToLong()
            || !p.getValue().isIntegralNumber()
            || p.getValue().asLong() < min) {
          return "gives "
              + p.getValue()
              + " for partition "
              + p.getKey()
              + " of topic '"
              + topic.getKey()
              + "', not an integer ≥ "
              + min;
        }
      }
    }
    return null;
  }

  /** Parses a JSON object, or returns null when {@code v} is not one. */
  /** What Jackson says is wrong with {@code v}, as " (…)", or "" when it is JSON. */
  private static String why(String v) {
    try {
      JSON.readTree(v);
      return "";
    } catch (JsonProcessingException e) {
      String said = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").trim();
      int detail = said.indexOf(" (");
      return " (" + (detail > 0 ? said.substring(0, detail) : said) + ")";
    }
  }

  public static JsonNode parseObject(String v) {
    try {
      JsonNode node = JSON.readTree(v);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static List<String> quoted(List<String> words) {
    return words.stream().map(w -> "'" + w + "'").collect(Collectors.toList());
  }

  /** {@code check}, described as {@code description} in the generated docs. */
  public static Validator named(String description, Validator check) {
    return new Validator() {
      @Override
      public String problem(String value) {
        return check.problem(value);
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }
}
