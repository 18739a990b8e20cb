package io.github.sparkkafkasql.payloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.errors.PayloadErrors;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.SchemaParseException;
import org.apache.spark.sql.catalyst.util.StringUtils$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The reader schema of a registry-backed Avro column, looked up on the driver when the query is
 * analyzed: the subject's latest (or pinned) version, TopicNameStrategy unless a subject is named.
 */
final class ReaderSchemas {

  private ReaderSchemas() {}

  static RegistryClient.Version resolve(
      Payload p, Function<KafkaOption, String> options, long timeoutMs) {
    String subject = subject(p, options);
    String path =
        RegistryClient.subjectPath(subject)
            + "/versions/"
            + (p.version() == null ? "latest" : p.version().trim());
    try {
      RegistryClient.Answer a = RegistryClient.get(p.registry(), p.auth(), path, timeoutMs);
      if (a.status() == 404) {
        List<String> subjects = RegistryClient.subjects(p.registry(), p.auth(), timeoutMs);
        if (!subjects.contains(subject)) {
          throw PayloadErrors.subjectNotFound(
              subject,
              p.registry(),
              suggestion(subject, subjects),
              p.column().subjectOption.name());
        }
      }
      JsonNode body = a.body();
      if (a.status() != 200 || !body.has("schema") || !body.has("id")) {
        throw PayloadErrors.registryFailed(p.registry(), "GET " + path, body.toString());
      }
      String type = RegistryClient.schemaType(body);
      if (!type.equals("AVRO")) {
        throw PayloadErrors.schemaNotAvro(
            subject,
            p.registry(),
            type,
            body.path("version").asInt(),
            p.column().formatOption.name(),
            p.column().subjectOption.name());
      }
      // With its references resolved: the stored and the executors' reader schema stand alone.
      String schema;
      try {
        schema = RegistryClient.parse(p.registry(), p.auth(), body, timeoutMs).toString();
      } catch (SchemaParseException e) {
        throw PayloadErrors.registryFailed(
            p.registry(), "GET " + path, "a schema that is not valid Avro: " + e.getMessage());
      }
      return new RegistryClient.Version(
          body.get("id").asInt(), body.path("version").asInt(), schema);
    } catch (RegistryClient.Refused e) {
      throw PayloadErrors.registryFailed(p.registry(), e.request(), e.answer());
    } catch (RegistryClient.TlsFailed e) {
      throw PayloadErrors.registryTlsFailed(p.registry(), e.getMessage(), RegistryClient.TLS_FIX);
    } catch (RegistryClient.StoreUnreadable e) {
      throw PayloadErrors.registryStoreUnreadable(e.option(), e.getMessage());
    } catch (RegistryClient.Unreachable e) {
      throw PayloadErrors.registryUnreachable(
          p.registry(), timeoutText(timeoutMs), e.getMessage(), KafkaSqlConf.CONNECT_TIMEOUT.key());
    }
  }

  /** The subject a column reads with: the one named, else TopicNameStrategy's. */
  static String subject(Payload p, Function<KafkaOption, String> options) {
    return p.subject() != null ? p.subject() : topicSubject(p, options);
  }

  /** The subject of TopicNameStrategy: {@code <topic>-value} or {@code <topic>-key}. */
  static String topicSubject(Payload p, Function<KafkaOption, String> options) {
    List<String> topics = topics(options);
    if (topics.size() != 1) {
      String shown =
          topics.isEmpty()
              ? "the topics of a pattern"
              : topics.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
      throw PayloadErrors.subjectAmbiguous(
          p.column().formatOption.name(), shown, p.column().subjectOption.name());
    }
    return topics.get(0) + "-" + p.column().label();
  }

  /** The topics named by subscribe or assign; empty for a pattern. */
  private static List<String> topics(Function<KafkaOption, String> options) {
    List<String> topics = new ArrayList<>();
    String subscribe = options.apply(ReadKafkaOptions.SUBSCRIBE);
    if (subscribe != null) {
      Arrays.stream(subscribe.split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .distinct()
          .forEach(topics::add);
    }
    String assign = options.apply(ReadKafkaOptions.ASSIGN);
    if (assign != null) {
      try {
        new ObjectMapper().readTree(assign).fieldNames().forEachRemaining(topics::add);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("assign was validated as JSON", e);
      }
    }
    return topics;
  }

  private static String suggestion(String subject, List<String> subjects) {
    if (subjects.isEmpty()) {
      return " It has no subjects at all.";
    }
    List<scala.collection.immutable.Seq<String>> candidates = new ArrayList<>();
    subjects.forEach(s -> candidates.add(CollectionConverters.asScala(List.of(s)).toList()));
    List<String> ordered =
        CollectionConverters.asJava(
            StringUtils$.MODULE$.orderSuggestedIdentifiersBySimilarity(
                subject, CollectionConverters.asScala(candidates).toList()));
    return " Did you mean " + ordered.stream().limit(3).collect(Collectors.joining(", ")) + "?";
  }

  private static String timeoutText(long ms) {
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
