-- Every error read_kafka raises before reading, each with its condition and the fix.
--TOPIC err_topic PARTITIONS 2
--PRODUCE err_topic {"partition":0,"key":"k","value":"v","timestamp":1700000000000}

-- Required and exclusive options: with several missing, one error names them all.
SELECT * FROM read_kafka();

SELECT * FROM read_kafka(startingOffsets => 'earliest');

SELECT * FROM read_kafka(subscribe => 'err_topic');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', subscribePattern => 'err.*');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', startingOffsets => 'earliest',
  startingTimestamp => 0);

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', endingOffsets => 'latest',
  endingOffsetsByTimestamp => '{"err_topic":{"0":1}}');

-- Names: unknown (with suggestions), repeated, or missing.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscrib => 'err_topic');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', startingOffset => 'earliest');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', SUBSCRIBE => 'err_topic');

SELECT * FROM read_kafka('${bootstrap}', 'err_topic');

-- Values: constant, not NULL, of the right type and shape.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', minPartitions => rand());

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => NULL);

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => ' , ');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', minPartitions => 'abc');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', minPartitions => 0);

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', minPartitions => 1.5);

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', maxRecordsPerPartition => -1);

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', includeHeaders => 'yes');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', includeHeaders => 1);

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', failOnDataLoss => 'no');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', startingTimestamp => 'yesterday');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', `fetchOffset.numRetries` => -1);

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', groupIdPrefix => '');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribePattern => '[unclosed');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic',
  startingOffsetsByTimestampStrategy => 'maybe');

-- Malformed JSON.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', assign => 'err_topic:0');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', assign => '{"err_topic":0}');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', assign => '{}');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', startingOffsets => 'first');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic',
  startingOffsets => '{"err_topic":{"zero":1}}');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic',
  endingOffsets => '{"err_topic":{"0":"end"}}');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic',
  startingOffsetsByTimestamp => '{"err_topic":{"0":-5}}');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic',
  startingOffsets => '{"other_topic":{"0":0}}');

-- A batch read cannot start at latest or end at earliest.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', startingOffsets => 'latest');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic',
  startingOffsets => '{"err_topic":{"0":-1,"1":-2}}');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', endingOffsets => 'earliest');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic',
  endingOffsets => '{"err_topic":{"0":-2}}');

-- Offsets outside what a partition holds (err_topic-0 has one record, offset 0: its end is 1).
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic',
  startingOffsets => '{"err_topic":{"0":5,"1":-2}}');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic',
  endingOffsets => '{"err_topic":{"0":100,"1":-1}}');

-- Streaming-only options in a batch read.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', maxOffsetsPerTrigger => 100);

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', minOffsetsPerTrigger => 10);

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', maxTriggerDelay => '1m');

-- Kafka settings Spark's source cannot honour, each with what to use instead.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', `kafka.auto.offset.reset` => 'earliest');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', `kafka.enable.auto.commit` => true);

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', `kafka.key.deserializer` => 'x');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', `kafka.value.deserializer` => 'x');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', `kafka.interceptor.classes` => 'x');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', `kafka.bootstrap.servers` => 'x:1');

-- Secrets are never echoed, even in errors.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic',
  `kafka.sasl.jaas.config` => array('secret'));

-- Kafka itself: unreachable brokers, missing topics and partitions fail fast and say which.
SELECT * FROM read_kafka(bootstrapServers => '127.0.0.1:1', subscribe => 'err_topic');

SELECT * FROM read_kafka(bootstrapServers => '127.0.0.1:1,127.0.0.1:2', subscribe => 'err_topic');

SELECT * FROM read_kafka(bootstrapServers => 'localhost', subscribe => 'err_topic');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topik');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic,no_such_topic_anywhere');

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', assign => '{"err_topic":[0,5]}');

-- No record at or after a starting timestamp (partition 1 is empty, partition 0 too old).
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic',
  startingTimestamp => 1800000000000);

SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', assign => '{"err_topic":[0]}',
  startingOffsetsByTimestamp => '{"err_topic":{"0":1700000000001}}');

-- read_kafka is a table function: it cannot be called as a scalar function.
SELECT read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic');

-- A dotted option name outside backticks is named, with its fix.
SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'err_topic', kafka.security.protocol => 'SSL');
