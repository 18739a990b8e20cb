-- Bronze → silver in SQL: a streaming table reads another with STREAM.
--TOPIC st_raw PARTITIONS 1
--PRODUCE st_raw {"partition":0,"key":"a","value":{"v":1},"timestamp":1700000000000}
--PRODUCE st_raw {"partition":0,"key":"b","value":{"v":2},"timestamp":1700000001000}

CREATE STREAMING TABLE bronze AS
SELECT CAST(key AS STRING) AS k, CAST(value AS STRING) AS json, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_raw', startingOffsets => 'earliest');

CREATE STREAMING TABLE silver AS SELECT k, CAST(json:v AS INT) * 10 AS v10 FROM STREAM bronze;

SELECT * FROM silver ORDER BY k;

--PRODUCE st_raw {"partition":0,"key":"c","value":{"v":3},"timestamp":1700000002000}

REFRESH STREAMING TABLE bronze;

REFRESH STREAMING TABLE silver;

SELECT * FROM silver ORDER BY k;

DROP TABLE silver;

DROP TABLE bronze;
