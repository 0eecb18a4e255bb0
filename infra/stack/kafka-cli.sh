# shellcheck shell=bash
# Kafka's own command-line tools, as the 002 guide runs them inside its Kafka
# container (`kafka-topics --list`, `kafka-consumer-groups --describe --group …`),
# from Maven Central jars like the broker (infra/kafka/tools/pom.xml).
#
#   stack.sh kafka-topics --list
#   stack.sh kafka-consumer-groups --describe --group notification-workers
#
# --bootstrap-server defaults to this stack's broker. Sourced by stack.sh.

KAFKA_TOOLS_POM="$INFRA_DIR/kafka/tools/pom.xml"
KAFKA_TOOLS_LIBS="$CACHE_DIR/kafka-tools-libs"
# Class-data archive written by the first run: later runs start in about half the time.
KAFKA_TOOLS_CDS="$KAFKA_TOOLS_LIBS/classes.jsa"

# The script name in Kafka's distribution → its main class (the kafka-tools jar, 4.x).
declare -A KAFKA_TOOL_CLASSES=(
  [kafka-topics]=org.apache.kafka.tools.TopicCommand
  [kafka-consumer-groups]=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand
)

is_kafka_tool() { [[ -n "${KAFKA_TOOL_CLASSES[$1]:-}" ]]; }

kafka_tools_install() {
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  maven_jars "$KAFKA_TOOLS_POM" "$KAFKA_TOOLS_LIBS" kafka-tools "Kafka's CLI tools"
}

# kafka_tool NAME ARGS...: runs the tool; exits with its status.
kafka_tool() {
  local name="$1"; shift
  local arg has_server=0
  for arg in "$@"; do
    [[ "$arg" == --bootstrap-server || "$arg" == --bootstrap-server=* ]] && has_server=1
  done
  if (( ! has_server )); then
    # Our broker, and it must be up: the tools would otherwise retry for a minute.
    kafka_pid >/dev/null || die "kafka is not running (start it: npm run stack -- up kafka)"
    set -- --bootstrap-server "$BIND_HOST:$KAFKA_PORT" "$@"
  fi
  ensure_layout
  # Install messages go to stderr: stdout is the tool's, e.g. a topic list for a pipe.
  kafka_tools_install >&2

  # Short-lived client: small heap, serial GC, no C2, JVM warnings on stderr.
  local jvm=(java -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto
    -Xlog:disable '-Xlog:all=warning,cds*=off:stderr'
    -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/tools/log4j2.xml"
    -cp "$KAFKA_TOOLS_LIBS/*")
  local class="${KAFKA_TOOL_CLASSES[$name]}"
  if [[ -f "$KAFKA_TOOLS_CDS" ]]; then
    exec "${jvm[@]}" -XX:SharedArchiveFile="$KAFKA_TOOLS_CDS" "$class" "$@"
  fi
  # First run: dump the archive under a private name, then move it in whole, so a
  # concurrent first run never reads half a file (a bad archive is ignored anyway).
  local tmp="$KAFKA_TOOLS_CDS.$$" rc=0
  "${jvm[@]}" -XX:ArchiveClassesAtExit="$tmp" "$class" "$@" || rc=$?
  if [[ -s "$tmp" ]]; then mv -f "$tmp" "$KAFKA_TOOLS_CDS"; else rm -f "$tmp"; fi
  return "$rc"
}
