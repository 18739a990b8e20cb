package io.github.sparkkafkasql.options;

import java.util.Objects;

/**
 * One option of {@code read_kafka}: its name (Databricks' spelling), the key Spark's Kafka source
 * reads, its SQL type, defaults, scope, validator and documentation. Everything else (binding,
 * validation, the docs reference table) is derived from these declarations.
 */
public final class KafkaOption {

  private final String name;
  private final String sparkKey;
  private final OptionType type;
  private final Scope scope;
  private final String batchDefault;
  private final String streamDefault;
  private final String defaultDoc;
  private final boolean required;
  private final boolean sensitive;
  private final boolean passedToSpark;
  private final boolean keepsPositions;
  private final Validator validator;
  private final String doc;

  private KafkaOption(Builder b) {
    this.name = b.name;
    this.sparkKey = b.sparkKey;
    this.type = b.type;
    this.scope = b.scope;
    this.batchDefault = b.batchDefault;
    this.streamDefault = b.streamDefault;
    this.defaultDoc = b.defaultDoc;
    this.required = b.required;
    this.sensitive = b.sensitive;
    this.passedToSpark = b.passedToSpark;
    this.keepsPositions = b.keepsPositions;
    this.validator = b.validator;
    this.doc = Objects.requireNonNull(b.doc, "every option needs a doc: " + b.name);
  }

  public static Builder string(String name) {
    return new Builder(name, OptionType.STRING);
  }

  public static Builder bool(String name) {
    return new Builder(name, OptionType.BOOLEAN).validator(Validators.oneOf("true", "false"));
  }

  public static Builder integer(String name) {
    return new Builder(name, OptionType.INT);
  }

  public static Builder longValue(String name) {
    return new Builder(name, OptionType.LONG);
  }

  public static Builder timestampMillis(String name) {
    return new Builder(name, OptionType.TIMESTAMP_MILLIS).validator(Validators.atLeast(0));
  }

  public static Builder json(String name) {
    return new Builder(name, OptionType.JSON);
  }

  /** The name users write, e.g. {@code startingOffsets}. */
  public String name() {
    return name;
  }

  /** The option key of Spark's Kafka source, e.g. {@code kafka.bootstrap.servers}. */
  public String sparkKey() {
    return sparkKey;
  }

  public OptionType type() {
    return type;
  }

  public Scope scope() {
    return scope;
  }

  /** The value used when the user gives none, for a batch or a streaming read; may be null. */
  public String defaultValue(boolean streaming) {
    return streaming ? streamDefault : batchDefault;
  }

  /** How the docs describe the default. */
  public String defaultDoc() {
    if (defaultDoc != null) {
      return defaultDoc;
    }
    if (Objects.equals(batchDefault, streamDefault)) {
      return batchDefault == null ? "" : batchDefault;
    }
    return (batchDefault == null ? "none" : batchDefault)
        + " (batch), "
        + (streamDefault == null ? "none" : streamDefault)
        + " (streaming)";
  }

  public boolean required() {
    return required;
  }

  /** Whether the value is a secret that must never be printed. */
  public boolean sensitive() {
    return sensitive;
  }

  /** Whether Spark's Kafka source reads it; false for options this extension handles itself. */
  public boolean passedToSpark() {
    return passedToSpark;
  }

  /** Whether a streaming table keeps its Kafka positions when this option changes. */
  public boolean keepsPositions() {
    return keepsPositions;
  }

  public Validator validator() {
    return validator;
  }

  public String doc() {
    return doc;
  }

  @Override
  public String toString() {
    return name;
  }

  /** Builds one declaration. */
  public static final class Builder {
    private final String name;
    private final OptionType type;
    private String sparkKey;
    private Scope scope = Scope.BOTH;
    private String batchDefault;
    private String streamDefault;
    private String defaultDoc;
    private boolean required;
    private boolean sensitive;
    private boolean passedToSpark = true;
    private boolean keepsPositions;
    private Validator validator = Validators.ANY;
    private String doc;

    private Builder(String name, OptionType type) {
      this.name = name;
      this.sparkKey = name;
      this.type = type;
    }

    /** The key Spark's source reads, when it differs from the name. */
    public Builder sparkKey(String key) {
      this.sparkKey = key;
      return this;
    }

    public Builder scope(Scope scope) {
      this.scope = scope;
      return this;
    }

    /** The same default for batch and streaming reads. */
    public Builder defaultValue(String value) {
      this.batchDefault = value;
      this.streamDefault = value;
      return this;
    }

    public Builder defaults(String batch, String stream) {
      this.batchDefault = batch;
      this.streamDefault = stream;
      return this;
    }

    /** The default as the docs describe it, when Spark computes it (e.g. from another conf). */
    public Builder defaultDoc(String text) {
      this.defaultDoc = text;
      return this;
    }

    public Builder required() {
      this.required = true;
      return this;
    }

    public Builder sensitive() {
      this.sensitive = true;
      return this;
    }

    /**
     * A streaming table's Kafka positions stay valid when this option changes: it only matters
     * before the first checkpoint (where to start), or only tunes the read.
     */
    public Builder keepsPositions() {
      this.keepsPositions = true;
      return this;
    }

    /** Read by this extension (e.g. payload decoding), never handed to Spark's Kafka source. */
    public Builder extensionOnly() {
      this.passedToSpark = false;
      return this;
    }

    public Builder validator(Validator validator) {
      this.validator = validator;
      return this;
    }

    public Builder doc(String doc) {
      this.doc = doc;
      return this;
    }

    public KafkaOption build() {
      return new KafkaOption(this);
    }
  }
}
