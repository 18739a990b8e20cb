-- keyFormat / valueFormat: the key and value columns decoded in place, keeping their names.
--TOPIC payload_orders PARTITIONS 3
--PRODUCE payload_orders FROM data/orders.jsonl

DESCRIBE QUERY SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_orders',
  keyFormat => 'string', valueFormat => 'json', valueSchema => 'id INT, item STRING, qty INT');

-- Without valueSchema, Spark's JSON inference reads the newest records of each partition (up to
-- schemaInferenceSampleSize): fields sorted by name, integers as BIGINT. "not json" is left out.
DESCRIBE QUERY SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_orders',
  keyFormat => 'string', valueFormat => 'json');

-- The inferred fields are used like declared ones.
SELECT value.id, value.item, value.qty
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_orders',
  valueFormat => 'json', schemaInferenceSampleSize => 2)
WHERE partition = 0
ORDER BY value.id;

-- Partition 2 holds a record that is not JSON ("not json" at offset 2): reading it would fail the
-- query with KAFKA_SQL_RECORD_DECODE_FAILED naming that record, so these queries skip it. Filters
-- on partition and offset apply before decoding.
SELECT key, value.id, value.item, value.qty, partition, offset
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_orders',
  keyFormat => 'string', valueFormat => 'json', valueSchema => 'id INT, item STRING, qty INT')
WHERE NOT (partition = 2 AND offset = 2)
ORDER BY value.id;

-- Fields are used like any struct's; filters on partition and offset still narrow the read.
SELECT value.item, sum(value.qty) AS qty
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_orders',
  valueFormat => 'json', valueSchema => 'id INT, item STRING, qty INT')
WHERE partition = 0 AND offset >= 0
GROUP BY value.item
ORDER BY value.item;

-- A field the schema declares but a record lacks is NULL, as with from_json.
SELECT value.id, value.missing
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_orders',
  valueFormat => 'json', valueSchema => 'id INT, missing STRING')
WHERE partition < 2
ORDER BY value.id
LIMIT 2;

-- string: the UTF-8 text.
SELECT key, value
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'payload_orders',
  keyFormat => 'string', valueFormat => 'string')
WHERE partition = 1
ORDER BY offset;
