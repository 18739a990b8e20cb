package io.github.sparkkafkasql.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * A table as the catalog knows it: its name, storage location and properties. Streaming tables
 * carry their definition and state location in the properties.
 */
public record StoredTable(List<String> name, String location, Map<String, String> properties) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The table's name as SQL, each part in backticks. */
  public String sqlName() {
    return SqlText.identifier(name);
  }

  public boolean isStreamingTable() {
    return "true".equals(properties.get(TableProperties.STREAMING_TABLE));
  }

  public StreamingTableDefinition definition() {
    return StreamingTableDefinition.fromJson(properties.get(TableProperties.DEFINITION), sqlName());
  }

  /** The stored payload schemas as JSON, or null for a table stored before they were. */
  public String payloadSchemas() {
    return properties.get(TableProperties.PAYLOAD_SCHEMAS);
  }

  /** Where this table's checkpoints live: a configured root, or inside the table's directory. */
  public String stateLocation() {
    String configured = properties.get(TableProperties.STATE_LOCATION);
    return configured != null ? configured : location + "/_kafka_sql";
  }

  /** The checkpoint generation in use; each REFRESH … FULL moves to the next. */
  public int generation() {
    return Integer.parseInt(properties.getOrDefault(TableProperties.GENERATION, "0"));
  }

  public String checkpointLocation(int generation) {
    return stateLocation() + "/checkpoint-" + generation;
  }

  /** The refresh schedule, or null when the table has none. */
  public RefreshSchedule schedule() {
    return RefreshSchedule.fromJson(properties.get(TableProperties.SCHEDULE));
  }

  /** The outcome of the last refresh as JSON, or null before the first one. */
  public JsonNode lastRefreshJson() {
    return json(TableProperties.LAST_REFRESH);
  }

  /** The outcome of the last scheduled refresh as JSON, or null before the first one. */
  public JsonNode lastScheduledRefreshJson() {
    return json(TableProperties.LAST_SCHEDULED_REFRESH);
  }

  private JsonNode json(String property) {
    String json = properties.get(property);
    try {
      return json == null ? null : JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
