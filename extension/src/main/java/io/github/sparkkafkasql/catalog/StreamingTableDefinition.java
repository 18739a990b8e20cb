package io.github.sparkkafkasql.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code CREATE STREAMING TABLE} declares: the columns and expectations, the partitioning or
 * clustering columns, the comment and the user's table properties, and the defining query. It is
 * stored with the table (as JSON in the table property {@value TableProperties#DEFINITION}), so a
 * refresh in any later session runs the same definition. Secrets are never part of it: the query
 * refers to them with {@code secret('name')}.
 *
 * <p>{@code namespace} is the catalog and namespace current when the definition was created (as a
 * view keeps them): the query's unqualified table names mean tables there, whichever database the
 * session that refreshes is in. Null as parsed, and in definitions stored before it was kept.
 */
public record StreamingTableDefinition(
    List<ColumnSpec> columns,
    List<Expectation> expectations,
    List<String> partitionedBy,
    List<String> clusterBy,
    String comment,
    Map<String, String> properties,
    String query,
    List<String> namespace) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public StreamingTableDefinition {
    columns = List.copyOf(columns);
    expectations = List.copyOf(expectations);
    partitionedBy = List.copyOf(partitionedBy);
    // Null in definitions stored before CLUSTER BY was supported.
    clusterBy = clusterBy == null ? List.of() : List.copyOf(clusterBy);
    properties = Map.copyOf(properties);
    Objects.requireNonNull(query, "query");
    namespace = namespace == null ? null : List.copyOf(namespace);
  }

  /** This definition as created in {@code namespace} (catalog, then namespace parts). */
  public StreamingTableDefinition in(List<String> namespace) {
    return new StreamingTableDefinition(
        columns, expectations, partitionedBy, clusterBy, comment, properties, query, namespace);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The definition stored as {@code json} in the table property of {@code table}; fails naming the
   * table when the property was removed or edited into something that is not a definition.
   */
  public static StreamingTableDefinition fromJson(String json, String table) {
    if (json == null) {
      throw StreamingTableErrors.storedDefinitionUnreadable(table, "the property is missing");
    }
    try {
      return JSON.readValue(json, StreamingTableDefinition.class);
    } catch (JsonProcessingException e) {
      String reason = e.getOriginalMessage().lines().findFirst().orElse("");
      Throwable cause = e.getCause();
      if (cause instanceof NullPointerException && cause.getMessage() != null) {
        reason = "`" + cause.getMessage() + "` is missing";
      } else if (cause != null && cause.getMessage() != null) {
        reason = cause.getMessage();
      }
      throw StreamingTableErrors.storedDefinitionUnreadable(
          table, "it is not a definition (" + reason + ")");
    }
  }
}
