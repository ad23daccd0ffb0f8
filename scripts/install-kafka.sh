#!/usr/bin/env bash
# Resolves an Apache Kafka broker (org.apache.kafka:kafka_2.13 and its runtime dependencies) from
# Maven Central into ~/.cache/tasklane/kafka-<version>/libs. Run it in KRaft mode with
# @tasklane/distributed, and prints the folder. A warm cache is a no-op; progress goes to stderr.
set -euo pipefail
exec 3>&1 1>&2
VERSION="${KAFKA_VERSION:-4.4.0}"
CACHE="${TASKLANE_CACHE:-$HOME/.cache/tasklane}"
DEST="$CACHE/kafka-$VERSION"
if [ -f "$DEST/.complete" ]; then echo "$DEST" >&3; exit 0; fi

command -v mvn >/dev/null || { echo "install-kafka: Maven is required (apt-get install maven)" >&2; exit 1; }
command -v java >/dev/null || { echo "install-kafka: Java 17+ is required" >&2; exit 1; }
started=$(date +%s)
echo "install-kafka: resolving Kafka $VERSION from Maven Central into $DEST"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.tasklane</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency>
  </dependencies>
</project>
POM
rm -rf "$DEST" && mkdir -p "$DEST"
mvn -q -B -f "$work/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$DEST/libs"
touch "$DEST/.complete"
echo "install-kafka: done in $(( $(date +%s) - started )) s ($(ls "$DEST/libs" | wc -l) jars)"
echo "$DEST" >&3
