/*
 * Avro through a Schema Registry: typed columns from Confluent-framed records.
 *
 * Run it with `bin/kafka-sql --demo avro`: that starts an embedded broker and a Schema Registry
 * (Apicurio, a separate process, stopped at exit), registers the Avro schema `Order` under the
 * subject `orders-value`, produces 200 sample orders to the topic `orders` (3 partitions) in
 * Confluent's wire format, and runs this file. ${bootstrap} is the broker's address, ${registry}
 * the registry's Confluent-compatible API; against your own: write their addresses instead.
 */

-- Each value is Confluent's wire format: the magic byte 0, the schema id (4 bytes), then Avro.
SELECT partition, offset, hex(substring(value, 1, 5)) AS header, length(value) AS bytes
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'orders')
ORDER BY partition, offset
LIMIT 3;

-- valueFormat => 'avro' decodes each record with the schema its header names, fetched from the
-- registry once and cached; `value` becomes a struct of the subject's latest version.
SELECT value.order_id, value.customer, value.item, value.quantity, value.amount, value.ts
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'orders',
                valueFormat => 'avro', schemaRegistryAddress => '${registry}')
ORDER BY value.order_id
LIMIT 5;

-- Typed fields aggregate directly: no schema pasted into the query, no header to strip.
SELECT value.item, count(*) AS orders, sum(value.quantity) AS units,
       round(sum(value.amount), 2) AS revenue
FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'orders',
                valueFormat => 'avro', schemaRegistryAddress => '${registry}')
GROUP BY value.item
ORDER BY revenue DESC;

-- A streaming table stores the reader schema it was created with (rerunnable with --warehouse).
DROP TABLE IF EXISTS orders_live;

CREATE STREAMING TABLE orders_live AS
SELECT value.*, partition, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'orders',
                       startingOffsets => 'earliest',
                       valueFormat => 'avro', schemaRegistryAddress => '${registry}');

-- New orders arrive; REFRESH loads only those.
-- @produce orders 50
REFRESH STREAMING TABLE orders_live;

SELECT customer, count(*) AS orders, round(sum(amount), 2) AS spent, max(ts) AS last_order
FROM orders_live
GROUP BY customer
ORDER BY spent DESC
LIMIT 5;
