# Apache Kafka, one node in KRaft mode (broker + controller), from its artifacts on Maven Central.
KAFKA_HOME_DIR="$INFRA_HOME/kafka"

kafka_fetch() {
  if [ -f "$KAFKA_HOME_DIR/lib/kafka_2.13-$KAFKA_VERSION.jar" ]; then return 0; fi
  # Another cache (CSM_KAFKA_LIB_FROM) already holds the libraries: link them, fetch nothing.
  if [ -n "${CSM_KAFKA_LIB_FROM:-}" ] && [ -f "$CSM_KAFKA_LIB_FROM/kafka_2.13-$KAFKA_VERSION.jar" ]; then
    mkdir -p "$KAFKA_HOME_DIR" && ln -sfn "$CSM_KAFKA_LIB_FROM" "$KAFKA_HOME_DIR/lib"
    return 0
  fi
  require_tool java openjdk-17-jre-headless
  require_tool mvn maven
  say "kafka: fetching Kafka $KAFKA_VERSION and its runtime libraries with Maven…"
  mkdir -p "$KAFKA_HOME_DIR"
  cat >"$KAFKA_HOME_DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ke.go.csm.infra</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
POM
  (cd "$KAFKA_HOME_DIR" && mvn -q -B -Dstyle.color=never dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime)
}

kafka_configure() {
  cat >"$KAFKA_HOME_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_HOME_DIR/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
PROPS
  cat >"$KAFKA_HOME_DIR/log4j.properties" <<'PROPS'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
PROPS
  if [ ! -f "$KAFKA_HOME_DIR/data/meta.properties" ]; then
    local cluster_id
    cluster_id="$(java -cp "$KAFKA_HOME_DIR/lib/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    java -cp "$KAFKA_HOME_DIR/lib/*" -Dlog4j.configuration="file:$KAFKA_HOME_DIR/log4j.properties" \
      kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_HOME_DIR/server.properties" >>"$(log_file kafka)" 2>&1
  fi
}

kafka_up() {
  local started=$SECONDS
  if is_running kafka; then say "kafka: already running on 127.0.0.1:$KAFKA_PORT"; return 0; fi
  kafka_fetch
  kafka_configure
  say "kafka: starting (log: $(log_file kafka))…"
  start_process kafka java -Xms256m -Xmx512m -XX:+UseG1GC -cp "$KAFKA_HOME_DIR/lib/*" \
    -Dlog4j.configuration="file:$KAFKA_HOME_DIR/log4j.properties" kafka.Kafka "$KAFKA_HOME_DIR/server.properties"
  wait_until kafka 120 node_check kafka "127.0.0.1:$KAFKA_PORT"
  say "kafka: ready on 127.0.0.1:$KAFKA_PORT in $((SECONDS - started))s"
}
