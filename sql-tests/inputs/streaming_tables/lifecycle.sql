-- A streaming table's life: CREATE runs the first refresh, REFRESH loads what arrived since,
-- FULL reloads from the start, DROP removes the table and its state.
--TOPIC st_clicks PARTITIONS 2
--PRODUCE st_clicks FROM data/clicks.jsonl

CREATE STREAMING TABLE clicks AS
SELECT CAST(key AS STRING) AS user, value::string:page AS page, value::string:action AS action,
       to_timestamp(value::string:ts) AS ts, partition, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_clicks',
                       startingOffsets => 'earliest');

SELECT * FROM clicks ORDER BY partition, offset;

--PRODUCE st_clicks {"partition":0,"key":"u4","value":{"page":"/home","action":"view","ts":"2024-05-01 11:00:00"},"timestamp":1714561200000}
--PRODUCE st_clicks {"partition":1,"key":"u4","value":{"page":"/cart","action":"add","ts":"2024-05-01 11:00:30"},"timestamp":1714561230000}

REFRESH STREAMING TABLE clicks;

SELECT user, page, action, ts FROM clicks WHERE user = 'u4' ORDER BY ts;

-- Nothing new: nothing written, no batch run.
REFRESH STREAMING TABLE clicks;

SELECT count(*), count(DISTINCT partition, offset) FROM clicks;

-- FULL empties the table and reprocesses from the definition's starting offsets.
REFRESH STREAMING TABLE clicks FULL;

SELECT count(*), count(DISTINCT partition, offset) FROM clicks;

-- IF NOT EXISTS leaves an existing table alone; OR REFRESH with the same definition refreshes.
CREATE STREAMING TABLE IF NOT EXISTS clicks AS SELECT 1 AS x FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_clicks');

CREATE OR REFRESH STREAMING TABLE clicks AS
SELECT CAST(key AS STRING) AS user, value::string:page AS page, value::string:action AS action,
       to_timestamp(value::string:ts) AS ts, partition, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_clicks',
                       startingOffsets => 'earliest');

SHOW TBLPROPERTIES clicks ('kafkasql.streamingTable');

SHOW STREAMING TABLES;

--PRODUCE st_clicks {"partition":1,"key":"u5","value":{"page":"/home","action":"view","ts":"2024-05-01 12:00:00"},"timestamp":1714564800000}

-- Committed offsets come from the table's checkpoint; lag is the broker's latest offset minus them.
DESCRIBE STREAMING TABLE clicks;

REFRESH STREAMING TABLE clicks;

DESCRIBE TABLE clicks;

-- An additive change: a new column is added to the table, older rows get NULL.
CREATE OR REFRESH STREAMING TABLE clicks AS
SELECT CAST(key AS STRING) AS user, value::string:page AS page, value::string:action AS action,
       to_timestamp(value::string:ts) AS ts, partition, offset, timestamp AS kafka_ts
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_clicks',
                       startingOffsets => 'earliest');

DESCRIBE TABLE clicks;

-- A change that cannot be applied in place names itself.
CREATE OR REFRESH STREAMING TABLE clicks AS
SELECT CAST(key AS STRING) AS user, length(value::string:page) AS page, value::string:action AS action,
       to_timestamp(value::string:ts) AS ts, partition, offset, timestamp AS kafka_ts
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_clicks',
                       startingOffsets => 'earliest');

-- Neither can a change of what the table reads: its Kafka positions would no longer apply.
CREATE OR REFRESH STREAMING TABLE clicks AS
SELECT CAST(key AS STRING) AS user, value::string:page AS page, value::string:action AS action,
       to_timestamp(value::string:ts) AS ts, partition, offset, timestamp AS kafka_ts
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribePattern => 'st_click.*',
                       startingOffsets => 'earliest');

-- Settings that only tune or secure the Kafka client may change: the table keeps its positions.
CREATE OR REFRESH STREAMING TABLE clicks AS
SELECT CAST(key AS STRING) AS user, value::string:page AS page, value::string:action AS action,
       to_timestamp(value::string:ts) AS ts, partition, offset, timestamp AS kafka_ts
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_clicks',
                       startingOffsets => 'earliest', maxOffsetsPerTrigger => 2,
                       `kafka.max.partition.fetch.bytes` => 1048576, `kafka.receive.buffer.bytes` => 65536,
                       `kafka.fetch.max.wait.ms` => 500, `kafka.metadata.max.age.ms` => 60000,
                       `kafka.request.timeout.ms` => 15000, `kafka.client.id` => 'clicks-loader',
                       groupIdPrefix => 'clicks', includeHeaders => true);

EXPLAIN REFRESH STREAMING TABLE clicks FULL;

DROP TABLE clicks;

REFRESH STREAMING TABLE clicks;
