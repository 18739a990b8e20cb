-- Avro through a real Schema Registry: a streaming table stores the reader schema it was created
-- with (subject and version); REFRESH keeps it, CREATE OR REFRESH picks up the newer version.
--TOPIC registry_orders PARTITIONS 1
--REGISTER registry_orders-value {"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"amount","type":"int"}]}
--PRODUCE_AVRO registry_orders registry_orders-value {"id":1,"amount":10}

CREATE STREAMING TABLE registry_orders AS
SELECT value.*, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'registry_orders',
                       startingOffsets => 'earliest', valueFormat => 'avro',
                       schemaRegistryAddress => '${registry}');

-- Version 2 adds currency (default 'EUR'); a record written with it is read with the stored
-- version 1 by REFRESH.
--REGISTER registry_orders-value {"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"amount","type":"int"},{"name":"currency","type":"string","default":"EUR"}]}
--PRODUCE_AVRO registry_orders registry_orders-value {"id":2,"amount":20,"currency":"USD"}

REFRESH STREAMING TABLE registry_orders;

SELECT * FROM registry_orders ORDER BY offset;

-- CREATE OR REFRESH resolves the latest version: currency is added, older rows keep NULL.
--PRODUCE_AVRO registry_orders registry_orders-value {"id":3,"amount":30,"currency":"CHF"}

CREATE OR REFRESH STREAMING TABLE registry_orders AS
SELECT value.*, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'registry_orders',
                       startingOffsets => 'earliest', valueFormat => 'avro',
                       schemaRegistryAddress => '${registry}');

DESCRIBE TABLE registry_orders;

SELECT * FROM registry_orders ORDER BY offset;

-- Version 3 drops amount: refused, naming the field and the version to pin.
--REGISTER registry_orders-value {"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"currency","type":"string","default":"EUR"}]}

CREATE OR REFRESH STREAMING TABLE registry_orders AS
SELECT value.*, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'registry_orders',
                       startingOffsets => 'earliest', valueFormat => 'avro',
                       schemaRegistryAddress => '${registry}');

-- Pinned to version 2, the table goes on.
CREATE OR REFRESH STREAMING TABLE registry_orders AS
SELECT value.*, offset
FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'registry_orders',
                       startingOffsets => 'earliest', valueFormat => 'avro',
                       schemaRegistryAddress => '${registry}', valueSchemaVersion => 2);

SELECT count(*), count(DISTINCT offset) FROM registry_orders;
