-- Streaming-table errors: each names the problem and the fix.
--TOPIC st_err PARTITIONS 1
--PRODUCE st_err {"partition":0,"key":"k","value":"v","timestamp":1700000000000}

-- A streaming read is for streaming tables, not for queries.
SELECT * FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err');

-- The definition must read a stream.
CREATE STREAMING TABLE not_streaming AS SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err');

-- Batch-only options are refused in a stream, streaming-only ones in a batch.
CREATE STREAMING TABLE bad_option AS SELECT * FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err', endingOffsets => 'latest');

CREATE STREAMING TABLE dotted_option AS SELECT * FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err', kafka.client.id => 'loader');

CREATE STREAMING TABLE bad_bounds AS SELECT * FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err',
  minOffsetsPerTrigger => 10, maxOffsetsPerTrigger => 5);

-- Declared columns must match the query.
CREATE STREAMING TABLE mismatch (a STRING, b STRING) AS
SELECT CAST(value AS STRING) AS a, topic FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err');

-- Secrets are referred to, never written: a definition is stored with the table.
CREATE STREAMING TABLE leaky AS SELECT * FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err',
  `kafka.sasl.jaas.config` => 'org.apache.kafka.common.security.plain.PlainLoginModule required password="hunter2";');

-- A JAAS line that refers to a secret for the user name but writes the password out.
CREATE STREAMING TABLE half_leaky AS SELECT * FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err',
  `kafka.sasl.jaas.config` => concat('org.apache.kafka.common.security.plain.PlainLoginModule required username="', secret('kafka_user'), '" password="hunter2";'));

CREATE STREAMING TABLE unset_secret AS SELECT * FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err',
  `kafka.ssl.truststore.password` => secret('no_such_secret'));

SELECT secret('anything');

SELECT secret(1);

-- The extension's own table properties are not the user's to set, by CREATE or CREATE OR REFRESH.
CREATE STREAMING TABLE reserved TBLPROPERTIES ('kafkasql.generation' = '7') AS
SELECT offset FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err');

CREATE OR REFRESH STREAMING TABLE reserved TBLPROPERTIES ('KafkaSql.streamingTable' = 'false') AS
SELECT offset FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err');

-- An expectation checks each row on its own: no subquery.
CREATE STREAMING TABLE expect_subquery (v STRING, CONSTRAINT known EXPECT (v IN (SELECT 'a'))) AS
SELECT CAST(value AS STRING) AS v FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err');

-- PARTITIONED BY names one of the table's columns.
CREATE STREAMING TABLE bad_partition PARTITIONED BY (nosuch) AS
SELECT offset FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err');

-- Statements on tables that are not streaming tables, or do not exist.
CREATE TABLE plain (x INT) USING delta;

REFRESH STREAMING TABLE plain;

CREATE OR REFRESH STREAMING TABLE plain AS SELECT CAST(value AS STRING) AS v FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err');

CREATE STREAMING TABLE plain AS SELECT CAST(value AS STRING) AS v FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_err');

REFRESH STREAMING TABLE no_such_table;

DESCRIBE STREAMING TABLE plain;

DESC STREAMING TABLE no_such_table;

DROP TABLE plain;

-- Syntax.
CREATE OR REFRESH STREAMING TABLE IF NOT EXISTS t AS SELECT 1;

CREATE STREAMING TABLE t (a INT, CONSTRAINT c EXPECT (a > 0) ON VIOLATION IGNORE) AS SELECT 1;

CREATE STREAMING TABLE t LOCATION '/tmp/x' AS SELECT 1;

CREATE STREAMING TABLE t;

REFRESH STREAMING TABLE t PARTIAL;

