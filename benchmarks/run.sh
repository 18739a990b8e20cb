#!/usr/bin/env bash
#
# run.sh: the benchmarks of docs/performance.md. Starts an embedded broker, writes the topic, runs
# B1-B7 and B9 (B7 with a Schema Registry, Apicurio, in a child process) and writes the table, a
# CSV and a PNG chart to benchmarks/results/. Flags go to the benchmark, e.g.
# `benchmarks/run.sh --records 300000 --only B1,B4`; `--help` lists them.
#
# On first use it builds the module and what it needs with the Maven wrapper (Java 17 only);
# after changing the extension, rebuild with BENCH_BUILD=1.
# Environment:
#   JAVA_HOME        the JDK to use (default: java on the PATH)
#   BENCH_JAVA_OPTS  JVM options (default: -Xmx4g)
#   BENCH_BUILD=1    rebuild before running
set -euo pipefail

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
classpath_file="$root/benchmarks/target/classpath.txt"
jar="$root/benchmarks/target/benchmarks.jar"

# B7's registry: Apicurio's runner jar, unpacked by the module's build (empty if it is not there).
registry_runner() {
  compgen -G "$root/benchmarks/target/apicurio/apicurio-registry-app-*-runner.jar" | head -n 1
}

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# True when the jar, the classpath file or any jar it lists is missing.
needs_build() {
  [ -f "$jar" ] && [ -f "$classpath_file" ] && [ -n "$(registry_runner)" ] || return 0
  local entry
  IFS=":" read -r -a entries < "$classpath_file" || true
  for entry in "${entries[@]}"; do
    [ -e "$entry" ] || return 0
  done
  return 1
}

if [ "${BENCH_BUILD:-0}" = 1 ] || needs_build; then
  echo "run.sh: building the benchmarks (a few minutes on first use)..." >&2
  (cd "$root" && ./mvnw -q -B -Pbenchmarks -pl benchmarks -am package -DskipTests) >&2
fi

# Spark's JVM options on Java 17: keep in sync with <spark.jvm.options> in the root pom.xml.
spark_jvm_options=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
)

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options.
exec "$java" "${spark_jvm_options[@]}" ${BENCH_JAVA_OPTS:--Xmx4g} -Djava.awt.headless=true \
  -DkafkaSql.apicurioRunner="$(registry_runner)" \
  -cp "$jar:$(cat "$classpath_file")" \
  io.github.sparkkafkasql.bench.Benchmarks --out "$root/benchmarks/results" "$@"
