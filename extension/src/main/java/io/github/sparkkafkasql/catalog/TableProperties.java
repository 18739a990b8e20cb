package io.github.sparkkafkasql.catalog;

/** The table properties a streaming table keeps about itself. */
public final class TableProperties {

  private TableProperties() {}

  /** Marks a Delta table as a streaming table of this extension. */
  public static final String STREAMING_TABLE = "kafkasql.streamingTable";

  /** The definition, as JSON ({@link StreamingTableDefinition}). */
  public static final String DEFINITION = "kafkasql.definition";

  /**
   * The payload schemas the definition's reads decode with, as JSON ({@code
   * payloads.PayloadSchemas}): settled when the table is created, grown by CREATE OR REFRESH.
   */
  public static final String PAYLOAD_SCHEMAS = "kafkasql.payloadSchemas";

  /** Where the table's streaming state (checkpoints) lives. */
  public static final String STATE_LOCATION = "kafkasql.stateLocation";

  /** The generation of the checkpoint in use; REFRESH … FULL starts a new one. */
  public static final String GENERATION = "kafkasql.generation";

  /**
   * Set by earlier development builds while a REFRESH … FULL was under way (they reset in four
   * commits, today's in one); a refresh that finds it finishes that reset and removes it.
   */
  public static final String FULL_REFRESH_PENDING = "kafkasql.fullRefreshPending";

  /**
   * The outcome of the last refresh, as JSON, as earlier versions recorded it (one commit per
   * refresh); read only for a table that has no refresh history yet.
   */
  public static final String LAST_REFRESH = "kafkasql.lastRefresh";

  /**
   * The refresh schedule, as JSON ({@link RefreshSchedule}); its own property, so that ALTER
   * STREAMING TABLE … SCHEDULE leaves the definition alone.
   */
  public static final String SCHEDULE = "kafkasql.schedule";

  /** The outcome of the last scheduled refresh, as JSON, like {@link #LAST_REFRESH}. */
  public static final String LAST_SCHEDULED_REFRESH = "kafkasql.lastScheduledRefresh";

  /**
   * On a streaming table: an id of its own (a UUID) that stays when the table is renamed, so its
   * dead-letter table knows whose it is. Set at CREATE, or by the first refresh that quarantines
   * for a table created before ids.
   */
  public static final String TABLE_ID = "kafkasql.tableId";

  /** On a streaming table: the qualified name of its dead-letter table, once it has one. */
  public static final String QUARANTINE_TABLE = "kafkasql.quarantineTable";

  /** On a dead-letter table: the qualified name of the streaming table it belongs to. */
  public static final String QUARANTINE_OF = "kafkasql.quarantineOf";

  /** On a dead-letter table: the {@link #TABLE_ID} of the streaming table it belongs to. */
  public static final String QUARANTINE_OF_ID = "kafkasql.quarantineOfId";

  /** The prefix of every property above: the extension's own, which a user may not set. */
  public static final String PREFIX = "kafkasql.";

  /** Whether {@code key} is one of the extension's own properties (in any case). */
  public static boolean isReserved(String key) {
    return key.toLowerCase(java.util.Locale.ROOT).startsWith(PREFIX);
  }
}
