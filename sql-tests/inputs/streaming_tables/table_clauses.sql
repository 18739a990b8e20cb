-- Table clauses are Spark's and Delta's own: CLUSTER BY, DEFAULT and generated columns.
--TOPIC st_events PARTITIONS 1
--PRODUCE st_events {"partition":0,"key":"e1","value":{"id":1,"ts":"2024-05-01 10:00:00","kind":"view"},"timestamp":1700000000000}
--PRODUCE st_events {"partition":0,"key":"e2","value":{"id":2,"ts":"2024-05-02 11:30:00","kind":"buy"},"timestamp":1700000001000}

-- Liquid clustering: the Delta table is clustered by the declared columns.
CREATE STREAMING TABLE clustered
CLUSTER BY (kind, id)
AS SELECT CAST(value::string:id AS INT) AS id, value::string:kind AS kind, value::string:ts AS ts
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_events',
                       startingOffsets => 'earliest');

SHOW TBLPROPERTIES clustered ('clusteringColumns');

DESCRIBE STREAMING TABLE clustered;

--PRODUCE st_events {"partition":0,"key":"e3","value":{"id":3,"ts":"2024-05-03 12:00:00","kind":"view"},"timestamp":1700000002000}

REFRESH STREAMING TABLE clustered;

-- The same clustering again is no change.
CREATE OR REFRESH STREAMING TABLE clustered
CLUSTER BY (kind, id)
AS SELECT CAST(value::string:id AS INT) AS id, value::string:kind AS kind, value::string:ts AS ts
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_events',
                       startingOffsets => 'earliest');

SELECT * FROM clustered ORDER BY id;

-- Other clustering is a change the table cannot take in place.
CREATE OR REFRESH STREAMING TABLE clustered
CLUSTER BY (id)
AS SELECT CAST(value::string:id AS INT) AS id, value::string:kind AS kind, value::string:ts AS ts
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_events',
                       startingOffsets => 'earliest');

-- A generated column is computed from a selected column, as Delta would; a column with a DEFAULT that
-- the query leaves out gets its default, on every refresh.
CREATE STREAMING TABLE events (
  id INT NOT NULL,
  ts TIMESTAMP,
  day DATE GENERATED ALWAYS AS (CAST(ts AS DATE)),
  source STRING DEFAULT 'kafka' COMMENT 'where the row came from',
  CONSTRAINT has_id EXPECT (id IS NOT NULL) ON VIOLATION DROP ROW
)
PARTITIONED BY (day)
AS SELECT CAST(value::string:id AS INT) AS id, to_timestamp(value::string:ts) AS ts
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_events',
                       startingOffsets => 'earliest');

SELECT * FROM events ORDER BY id;

--PRODUCE st_events {"partition":0,"key":"e4","value":{"id":4,"ts":"2024-05-04 09:00:00","kind":"buy"},"timestamp":1700000003000}

REFRESH STREAMING TABLE events;

SELECT * FROM events ORDER BY id;

DESCRIBE TABLE events;

DESCRIBE STREAMING TABLE events;

-- A generated column cannot be added to an existing table.
CREATE OR REFRESH STREAMING TABLE events (
  id INT NOT NULL,
  ts TIMESTAMP,
  day DATE GENERATED ALWAYS AS (CAST(ts AS DATE)),
  hour INT GENERATED ALWAYS AS (hour(ts)),
  source STRING DEFAULT 'kafka' COMMENT 'where the row came from',
  CONSTRAINT has_id EXPECT (id IS NOT NULL) ON VIOLATION DROP ROW
)
PARTITIONED BY (day)
AS SELECT CAST(value::string:id AS INT) AS id, to_timestamp(value::string:ts) AS ts
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_events',
                       startingOffsets => 'earliest');

-- USING delta is what a streaming table is anyway.
CREATE STREAMING TABLE using_delta USING delta
AS SELECT CAST(key AS STRING) AS k
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_events',
                       startingOffsets => 'earliest');

-- Clauses a streaming table cannot honour are refused by name.
CREATE STREAMING TABLE t USING parquet AS SELECT 1;

CREATE STREAMING TABLE t LOCATION '/tmp/somewhere' AS SELECT 1;

CREATE STREAMING TABLE t OPTIONS ('mergeSchema' = 'true') AS SELECT 1;

CREATE STREAMING TABLE t (x INT) CLUSTERED BY (x) INTO 4 BUCKETS AS SELECT 1 AS x;

CREATE STREAMING TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY) AS SELECT 1;

-- Delta's replace would lose the data and the Kafka positions.
CREATE OR REPLACE STREAMING TABLE events AS SELECT 1;

DROP TABLE clustered;

DROP TABLE events;

DROP TABLE using_delta;
