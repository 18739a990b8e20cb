-- read_kafka in a batch query: the schema, every record, and SQL on top.
--TOPIC basic_orders PARTITIONS 3
--PRODUCE basic_orders FROM data/orders.jsonl

SELECT CAST(key AS STRING) AS key, CAST(value AS STRING) AS value, topic, partition, offset,
       timestamp, timestampType
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'basic_orders')
ORDER BY partition, offset;

DESCRIBE QUERY SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'basic_orders');

SELECT count(*) FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'basic_orders');

-- Option names ignore case, as Spark's do.
SELECT count(*) FROM read_kafka(BOOTSTRAPSERVERS => '${bootstrap}', Subscribe => 'basic_orders');

-- Parse JSON payloads; a record that is not JSON yields NULLs, not an error.
SELECT parsed.item, sum(parsed.qty) AS qty, count(*) AS orders
FROM (
  SELECT from_json(CAST(value AS STRING), 'id INT, item STRING, qty INT') AS parsed
  FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'basic_orders')
)
GROUP BY parsed.item
ORDER BY qty DESC, parsed.item;

-- A view over read_kafka re-reads the topic each time it is queried.
CREATE TEMPORARY VIEW orders AS
SELECT CAST(key AS STRING) AS id, CAST(value AS STRING) AS json, timestamp
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'basic_orders');

SELECT id, json FROM orders WHERE timestamp >= TIMESTAMP '2023-11-14 22:13:24' ORDER BY timestamp;

-- Write a snapshot to a Delta table.
CREATE TABLE orders_snapshot USING delta AS
SELECT CAST(key AS STRING) AS id, get_json_object(CAST(value AS STRING), '$.item') AS item
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'basic_orders');

SELECT item, count(*) FROM orders_snapshot GROUP BY item ORDER BY item;
