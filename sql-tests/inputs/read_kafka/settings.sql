-- spark.kafkaSql.* settings are checked when a statement reads them: a bad value fails with the
-- key, the value and the valid values, and a good one takes effect.
--TOPIC settings_topic PARTITIONS 1
--PRODUCE settings_topic {"partition":0,"key":"k","value":"v","timestamp":1700000000000}

SET spark.kafkaSql.connectTimeout = abc;

SELECT CAST(value AS STRING) AS value FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'settings_topic');

SET spark.kafkaSql.connectTimeout = 0s;

SELECT CAST(value AS STRING) AS value FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'settings_topic');

SET spark.kafkaSql.connectTimeout = 30s;

SELECT CAST(value AS STRING) AS value FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'settings_topic');

SET spark.kafkaSql.pushdown.enabled = false;

SELECT offset FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'settings_topic') WHERE offset >= 0;

SET spark.kafkaSql.allowStreamingReads = maybe;

SELECT * FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'settings_topic');

-- A secret given with SET is not printed back; another key still is.
SET spark.kafkaSql.secret.settings_pw = hunter2-not-shown;

SET spark.kafkaSql.secret.settings_pw;

-- Nor is a key Spark redacts, or one the session's redaction pattern names.
SET spark.example.password = hunter3-not-shown;
SET spark.sql.redaction.options.regex = (?i)url|dsn;
SET spark.example.dsn = db-host-not-shown;
RESET spark.sql.redaction.options.regex;
SET spark.example.dsn2 = db-host-shown;

SET spark.kafkaSql.pushdown.enabled = true;
