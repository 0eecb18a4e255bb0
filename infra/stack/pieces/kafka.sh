# shellcheck shell=bash
# Kafka piece: single-node KRaft (broker + controller in one JVM) run
# straight from Maven Central jars — the only Kafka download this machine's
# network allows. Jars are resolved by infra/kafka/pom.xml into the cache.

KAFKA_VERSION=4.4.0                       # keep in step with infra/kafka/pom.xml
KAFKA_PORT="${STACK_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${STACK_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HOME="$STACK_DIR/kafka"
KAFKA_DATA="$KAFKA_HOME/data"
KAFKA_PROPS="$KAFKA_HOME/server.properties"
KAFKA_LIBS="$CACHE_DIR/kafka-libs"
KAFKA_PROBE_CLASSES="$CACHE_DIR/kafka-ready"
KAFKA_PIDFILE="$RUN_DIR/kafka.pid"
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_POM="$INFRA_DIR/kafka/pom.xml"

kafka_ports()   { echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT"; }
kafka_log()     { echo "$KAFKA_LOG"; }
kafka_timeout() { echo 90; }
kafka_data()    { echo "$KAFKA_HOME"; }

kafka_install() {
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  maven_jars "$KAFKA_POM" "$KAFKA_LIBS" kafka "Kafka $KAFKA_VERSION"
  # Compile the readiness probe once; recompile only if its source changed.
  local src="$INFRA_DIR/kafka/KafkaReady.java"
  if [[ ! -f "$KAFKA_PROBE_CLASSES/KafkaReady.class" || "$src" -nt "$KAFKA_PROBE_CLASSES/KafkaReady.class" ]]; then
    mkdir -p "$KAFKA_PROBE_CLASSES"
    javac -nowarn -cp "$KAFKA_LIBS/*" -d "$KAFKA_PROBE_CLASSES" "$src" \
      || die "kafka: could not compile $src"
  fi
}

kafka_pid() {
  local pid
  pid="$(read_pidfile "$KAFKA_PIDFILE")"
  pid_alive "$pid" kafka.Kafka && echo "$pid"
}

_kafka_write_props() {
  cat >"$KAFKA_PROPS" <<EOF
# Written by infra/stack/pieces/kafka.sh on every start; edit there.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$BIND_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$BIND_HOST:$KAFKA_PORT,CONTROLLER://$BIND_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$BIND_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=3
# Single node: every internal topic must get by with one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Services declare their topics; a typo must fail, not create a topic.
auto.create.topics.enable=false
# Consumers in tests join immediately instead of waiting 3 s.
group.initial.rebalance.delay.ms=0
EOF
}

# Same JVM settings for the storage tool and the server (modest heap: 2-core dev box).
KAFKA_JVM=(java -Xmx768m -Xms256m -XX:+UseG1GC -XX:MaxGCPauseMillis=20
  -Djava.awt.headless=true
  -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.xml"
  -cp "$KAFKA_LIBS/*")

kafka_start() {
  mkdir -p "$KAFKA_DATA"
  _kafka_write_props
  # Format storage once; the cluster id is kept so a restart reuses the data.
  if [[ ! -f "$KAFKA_DATA/meta.properties" ]]; then
    local cid
    [[ -s "$KAFKA_HOME/cluster.id" ]] \
      || java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null >"$KAFKA_HOME/cluster.id"
    cid="$(tr -d '[:space:]' <"$KAFKA_HOME/cluster.id")"
    log "kafka: formatting storage (cluster id $cid)"
    "${KAFKA_JVM[@]}" kafka.tools.StorageTool format --standalone -t "$cid" -c "$KAFKA_PROPS" \
      >>"$KAFKA_LOG" 2>&1 || fail_piece kafka "$KAFKA_LOG" "storage format failed"
  fi
  spawn_daemon "$KAFKA_PIDFILE" "$KAFKA_LOG" "${KAFKA_JVM[@]}" kafka.Kafka "$KAFKA_PROPS"
}

# Really asks the broker (cluster metadata + controller + topic list).
kafka_ready() {
  java -Xshare:auto -XX:TieredStopAtLevel=1 -Xmx128m \
    -Dlog4j2.level=OFF \
    -cp "$KAFKA_LIBS/*:$KAFKA_PROBE_CLASSES" KafkaReady "$BIND_HOST:$KAFKA_PORT" >/dev/null 2>&1
}

kafka_stop() {
  local pid
  pid="$(kafka_pid)" || return 0
  # SIGTERM runs Kafka's controlled shutdown (flushes logs, clean marker).
  stop_pid "$pid" TERM 30 kafka
}
