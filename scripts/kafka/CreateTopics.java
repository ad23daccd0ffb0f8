import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics that are missing: java -cp 'libs/*' CreateTopics.java <bootstrap> <partitions> <topic>...
 * (a single-file program, run from source by the JDK; Kafka's admin client does the work).
 */
public class CreateTopics {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    int partitions = Integer.parseInt(args[1]);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (int i = 2; i < args.length; i++) {
        if (!existing.contains(args[i])) missing.add(new NewTopic(args[i], partitions, (short) 1));
      }
      if (!missing.isEmpty()) admin.createTopics(missing).all().get();
      System.out.println("topics ready: " + String.join(", ", List.of(args).subList(2, args.length)));
    }
  }
}
