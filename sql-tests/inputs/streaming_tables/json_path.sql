-- expr:path on STRING JSON, as in Databricks' streaming-table examples.
CREATE TEMPORARY VIEW docs AS SELECT * FROM VALUES
  ('{"a":{"b":1,"c":[10,20]},"ts":"2024-05-01 10:00:00"}'),
  ('not json')
  AS t(js);

SELECT js:a.b AS b, js:a.c[1] AS c1, js:['a']['b'] AS bracket, to_timestamp(js:ts) AS ts,
       js:missing AS missing, js:a AS object_as_string
FROM docs;

-- A Kafka value is BINARY: cast it to STRING first.
SELECT CAST(value AS STRING):id AS id FROM VALUES (CAST('{"id":7}' AS BINARY)) AS t(value);

SELECT value:id FROM VALUES (CAST('{"id":7}' AS BINARY)) AS t(value);

-- VARIANT keeps Spark's own behaviour.
SELECT parse_json(js):a.b AS from_variant FROM docs WHERE js LIKE '{%';

-- A view's SQL is parsed again when the view is used: paths keep working there.
CREATE TEMPORARY VIEW doc_paths AS SELECT js:a.b AS b, js:ts AS ts FROM docs;

SELECT * FROM doc_paths;

-- Inside WITH bodies and subqueries as well.
WITH parsed AS (SELECT js:a.b AS b FROM docs) SELECT b FROM parsed;

SELECT (SELECT max(js:a.c[0]) FROM docs) AS first_c;
