// Readiness probe for the local broker (infra/stack/pieces/kafka.sh).
// Kafka's own CLI tools (kafka-tools) are not published for 4.4.0 on Maven
// Central, so this asks the broker directly with the AdminClient: it only
// succeeds once the broker answers metadata and has a controller.
// Usage: java -cp '<kafka-libs>/*:<classes>' KafkaReady 127.0.0.1:9092
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;

public class KafkaReady {
  public static void main(String[] args) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args.length > 0 ? args[0] : "127.0.0.1:9092");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    try (Admin admin = Admin.create(p)) {
      DescribeClusterResult c = admin.describeCluster();
      int nodes = c.nodes().get(4, TimeUnit.SECONDS).size();
      String clusterId = c.clusterId().get(4, TimeUnit.SECONDS);
      boolean hasController = c.controller().get(4, TimeUnit.SECONDS) != null;
      int topics = admin.listTopics().names().get(4, TimeUnit.SECONDS).size();
      if (nodes < 1 || !hasController) {
        System.err.println("not ready: nodes=" + nodes + " controller=" + hasController);
        System.exit(1);
      }
      System.out.println("ok cluster=" + clusterId + " brokers=" + nodes + " topics=" + topics);
    } catch (Exception e) {
      System.err.println("not ready: " + e);
      System.exit(1);
    }
  }
}
