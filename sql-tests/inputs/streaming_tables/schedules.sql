-- Refresh schedules (Databricks' SCHEDULE clause): set with CREATE, changed with ALTER STREAMING
-- TABLE or CREATE OR REFRESH, shown by SHOW and DESCRIBE STREAMING TABLES. The schedules here
-- never fire while the file runs (hours away, or in 2099); next-run times are masked.
--TOPIC st_sched PARTITIONS 1
--PRODUCE st_sched {"partition":0,"key":"k1","value":"a","timestamp":1700000000000}

CREATE STREAMING TABLE sched SCHEDULE EVERY 2 HOURS COMMENT 'refreshed every two hours'
AS SELECT CAST(value AS STRING) AS v FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_sched', startingOffsets => 'earliest');

SHOW STREAMING TABLES;

DESCRIBE STREAMING TABLE sched;

-- A table has one schedule: ADD on a scheduled table fails, ALTER replaces it.
ALTER STREAMING TABLE sched ADD SCHEDULE EVERY 1 DAY;

ALTER STREAMING TABLE sched ALTER SCHEDULE REFRESH CRON '0 0 0 1 1 ? 2099' AT TIME ZONE 'America/Los_Angeles';

SHOW STREAMING TABLES;

-- DROP SCHEDULE leaves a table refreshed only by REFRESH; ALTER and DROP then have nothing to change.
ALTER STREAMING TABLE sched DROP SCHEDULE;

SHOW STREAMING TABLES;

ALTER STREAMING TABLE sched DROP SCHEDULE;

ALTER STREAMING TABLE sched ALTER SCHEDULE EVERY 1 HOUR;

-- Without AT TIME ZONE a cron schedule takes the session time zone.
ALTER STREAMING TABLE sched ADD SCHEDULE CRON '0 30 4 1 1 ? 2099';

SHOW STREAMING TABLES;

-- CREATE OR REFRESH sets the schedule the statement gives, or removes it when it gives none.
CREATE OR REFRESH STREAMING TABLE sched SCHEDULE REFRESH EVERY 3 WEEKS COMMENT 'refreshed every two hours'
AS SELECT CAST(value AS STRING) AS v FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_sched', startingOffsets => 'earliest');

SHOW STREAMING TABLES;

CREATE OR REFRESH STREAMING TABLE sched COMMENT 'refreshed every two hours'
AS SELECT CAST(value AS STRING) AS v FROM STREAM read_kafka(bootstrapServers => '${bootstrap}', subscribe => 'st_sched', startingOffsets => 'earliest');

SHOW STREAMING TABLES;

-- Schedules are checked before anything is created.
CREATE STREAMING TABLE bad SCHEDULE EVERY 73 HOURS AS SELECT 1 AS x;

CREATE STREAMING TABLE bad SCHEDULE EVERY 0 MINUTES AS SELECT 1 AS x;

CREATE STREAMING TABLE bad SCHEDULE EVERY 32 DAYS AS SELECT 1 AS x;

CREATE STREAMING TABLE bad SCHEDULE EVERY 9 WEEKS AS SELECT 1 AS x;

CREATE STREAMING TABLE bad SCHEDULE EVERY 4321 MINUTES AS SELECT 1 AS x;

-- Quartz cron expressions have a seconds field: a five-field Unix expression is refused.
CREATE STREAMING TABLE bad SCHEDULE CRON '*/5 * * * *' AS SELECT 1 AS x;

CREATE STREAMING TABLE bad SCHEDULE CRON '0 0 12 1 * MON' AS SELECT 1 AS x;

CREATE STREAMING TABLE bad SCHEDULE CRON '0 0 0 1 1 ? 2001' AS SELECT 1 AS x;

-- Refreshes may start at most once a minute.
CREATE STREAMING TABLE bad SCHEDULE CRON '0/10 * * * * ?' AS SELECT 1 AS x;

CREATE STREAMING TABLE bad SCHEDULE CRON '0 0 * * * ?' AT TIME ZONE 'Mars/Olympus' AS SELECT 1 AS x;

SHOW TABLES LIKE 'bad';

-- ALTER STREAMING TABLE needs a streaming table.
ALTER STREAMING TABLE no_such_table ADD SCHEDULE EVERY 1 HOUR;

CREATE TABLE plain_sched (x INT) USING delta;

ALTER STREAMING TABLE plain_sched ADD SCHEDULE EVERY 1 HOUR;

-- Syntax.
CREATE STREAMING TABLE t SCHEDULE EVERY 1 HOUR SCHEDULE EVERY 2 HOURS AS SELECT 1;

CREATE STREAMING TABLE t SCHEDULE EVERY 30 SECONDS AS SELECT 1;

CREATE STREAMING TABLE t SCHEDULE EVERY 1.5 HOURS AS SELECT 1;

CREATE STREAMING TABLE t SCHEDULE DAILY AS SELECT 1;

ALTER STREAMING TABLE t SET TBLPROPERTIES ('a' = 'b');

ALTER STREAMING TABLE t DROP SCHEDULE EVERY 1 HOUR;

EXPLAIN ALTER STREAMING TABLE sched ADD SCHEDULE EVERY 1 HOUR;
