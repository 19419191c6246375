# Apache Kafka as one KRaft node (broker + controller, no ZooKeeper), run from its artifacts on
# Maven Central: kafka_2.13 and its runtime dependencies on a plain classpath. Sourced by up.sh.
KAFKA_DIR="$INFRA_HOME/kafka"

kafka_fetch() {
  [ -f "$KAFKA_DIR/lib/kafka_2.13-$KAFKA_VERSION.jar" ] && return 0
  mkdir -p "$KAFKA_DIR"
  # Another cache already holds these libraries (PrivateKafka points at the shared one): link it.
  if [ -n "${CSM_KAFKA_LIB_FROM:-}" ] && [ -f "$CSM_KAFKA_LIB_FROM/kafka_2.13-$KAFKA_VERSION.jar" ]; then
    rm -rf "$KAFKA_DIR/lib"
    ln -sfn "$CSM_KAFKA_LIB_FROM" "$KAFKA_DIR/lib"
    return 0
  fi
  require_tool java openjdk-17-jre-headless
  require_tool mvn maven
  say "kafka: fetching Kafka $KAFKA_VERSION and its runtime libraries with Maven…"
  local began=$SECONDS
  # A throwaway project whose only purpose is its dependency list; slf4j-reload4j gives the
  # broker a logging backend (Kafka 3.9 logs through slf4j 1.7 and reload4j).
  cat >"$KAFKA_DIR/pom.xml" <<POM
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>csm.infra</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
POM
  rm -rf "$KAFKA_DIR/lib.partial"
  if ! (cd "$KAFKA_DIR" && mvn -q -B -Dstyle.color=never dependency:copy-dependencies \
    -DoutputDirectory=lib.partial -DincludeScope=runtime >"$KAFKA_DIR/fetch.log" 2>&1); then
    say "kafka: Maven could not fetch the libraries. Last lines of $KAFKA_DIR/fetch.log:"
    tail -n 20 "$KAFKA_DIR/fetch.log" | sed 's/^/    /'
    say "kafka: check that Maven can reach its default repository (mvn -v; ~/.m2/settings.xml), then retry."
    return 1
  fi
  # Swap in whole, so an interrupted fetch never looks like a complete one.
  rm -rf "$KAFKA_DIR/lib"
  mv "$KAFKA_DIR/lib.partial" "$KAFKA_DIR/lib"
  say "kafka: fetched $(find "$KAFKA_DIR/lib/" -name '*.jar' | wc -l) jars in $((SECONDS - began))s"
}

kafka_configure() {
  # Rewritten on every start, so moved ports (CSM_KAFKA_PORT) and changes here take effect.
  cat >"$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
auto.create.topics.enable=true
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  cat >"$KAFKA_DIR/log4j.properties" <<'PROPS'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
# One line that says the broker is up, with its id.
log4j.logger.kafka.server.KafkaRaftServer=INFO
PROPS
}

kafka_format() {
  [ -f "$KAFKA_DIR/data/meta.properties" ] && return 0
  say "kafka: formatting KRaft storage in $KAFKA_DIR/data"
  local java=(java -cp "$KAFKA_DIR/lib/*" -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties")
  local cluster_id
  cluster_id="$("${java[@]}" kafka.tools.StorageTool random-uuid 2>>"$KAFKA_DIR/format.log" | tail -n 1)"
  if [ -z "$cluster_id" ] || ! "${java[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$KAFKA_DIR/server.properties" >>"$KAFKA_DIR/format.log" 2>&1; then
    say "kafka: formatting the storage failed. Last lines of $KAFKA_DIR/format.log:"
    tail -n 20 "$KAFKA_DIR/format.log" | sed 's/^/    /'
    say "kafka: 'rm -rf $KAFKA_DIR/data' and retry; if the libraries are broken, 'rm -rf $KAFKA_DIR/lib' too."
    return 1
  fi
}

kafka_up() {
  local started=$SECONDS pid
  lock_service kafka
  if pid="$(running_pid kafka)"; then
    wait_ready kafka 120 probe kafka "127.0.0.1:$KAFKA_PORT"
    say "kafka: already running (pid $pid) on 127.0.0.1:$KAFKA_PORT — reused"
    return 0
  fi
  ensure_port_free kafka "$KAFKA_PORT"
  ensure_port_free kafka "$KAFKA_CONTROLLER_PORT"
  kafka_fetch
  kafka_configure
  kafka_format
  say "kafka: starting Kafka $KAFKA_VERSION (KRaft) — log: $(log_file kafka)"
  start_detached kafka java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" -cp "$KAFKA_DIR/lib/*" \
    kafka.Kafka "$KAFKA_DIR/server.properties"
  wait_ready kafka 120 probe kafka "127.0.0.1:$KAFKA_PORT"
  say "kafka: ready on 127.0.0.1:$KAFKA_PORT — started in $((SECONDS - started))s"
}
