package dev.kubepath.neo4j;

import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Neo4j Community, embedded: Bolt on 127.0.0.1 at the given port, HTTP off, authentication
 * off (a test database on loopback), data in the given directory. Prints "ready" once Bolt
 * listens, and shuts the database down cleanly on SIGTERM or SIGINT.
 *
 * Usage: Launcher DATA_DIR BOLT_PORT
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: Launcher DATA_DIR BOLT_PORT");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    DatabaseManagementService service =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
            .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown, "kubepath-neo4j-shutdown"));
    // Opening the default database proves it is up before saying so.
    service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
    System.out.println("ready bolt://127.0.0.1:" + port);
    System.out.flush();
  }
}
