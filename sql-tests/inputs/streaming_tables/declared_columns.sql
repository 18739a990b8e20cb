-- Declared columns, expectations, partitioning, comment and properties.
--TOPIC st_orders PARTITIONS 2
--PRODUCE st_orders {"partition":0,"key":"o1","value":{"id":1,"amount":10,"country":"DE"},"timestamp":1700000000000}
--PRODUCE st_orders {"partition":1,"key":"o2","value":{"id":2,"amount":-5,"country":"FR"},"timestamp":1700000001000}
--PRODUCE st_orders {"partition":0,"key":"o3","value":{"id":3,"amount":700,"country":"DE"},"timestamp":1700000002000}
--PRODUCE st_orders {"partition":1,"key":"o4","value":{"id":4,"amount":20},"timestamp":1700000003000}
--PRODUCE st_orders {"partition":0,"key":"o5","value":"garbage","timestamp":1700000004000}

CREATE STREAMING TABLE orders (
  id BIGINT COMMENT 'order id',
  amount DECIMAL(10, 2),
  country STRING NOT NULL,
  CONSTRAINT valid_id EXPECT (id IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT positive EXPECT (amount > 0),
  CONSTRAINT not_huge EXPECT (amount < 500)
)
PARTITIONED BY (country)
COMMENT 'Orders from Kafka'
TBLPROPERTIES ('team' = 'payments', delta.appendOnly = 'true')
AS SELECT value::string:id AS id, value::string:amount AS amount,
          coalesce(value::string:country, 'unknown') AS country
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_orders',
                       startingOffsets => 'earliest');

SELECT * FROM orders ORDER BY id;

DESCRIBE TABLE orders;

SHOW TBLPROPERTIES orders ('team');

-- FULL must empty the table, which an append-only Delta table refuses: checked before anything changes.
REFRESH STREAMING TABLE orders FULL;

SELECT count(*) FROM orders;

-- FAIL UPDATE stops the refresh; nothing of the failing batch is written.
CREATE STREAMING TABLE strict_orders (id BIGINT, amount INT,
  CONSTRAINT small EXPECT (amount < 100) ON VIOLATION FAIL UPDATE)
AS SELECT value::string:id AS id, value::string:amount AS amount
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_orders',
                       startingOffsets => 'earliest');

SELECT count(*) FROM strict_orders;

-- maxOffsetsPerTrigger splits a refresh into batches.
CREATE STREAMING TABLE small_batches AS SELECT CAST(key AS STRING) AS k
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_orders',
                       startingOffsets => 'earliest', maxOffsetsPerTrigger => 2);

SELECT count(*) FROM small_batches;

DROP TABLE orders;

DROP TABLE strict_orders;

DROP TABLE small_batches;
