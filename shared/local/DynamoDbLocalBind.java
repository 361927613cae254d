import java.lang.reflect.Field;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local as its own ServerRunner does, but listening on one address (the first
 * argument) instead of every interface: DynamoDB Local has no flag for that. Its Jetty server
 * is built with a single ServerConnector before start(); this sets that connector's host.
 * Usage: DynamoDbLocalBind <host> [DynamoDB Local options...]
 *
 * It also exits when its standard input reaches end of file. The process that started it holds the
 * other end of that pipe, and the kernel closes it however that process ends (SIGKILL, a crash, a
 * test worker torn down), so DynamoDB Local never outlives its parent holding a port and ~170 MB.
 */
final class DynamoDbLocalBind {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) throw new IllegalArgumentException("usage: DynamoDbLocalBind <host> [options]");
    String host = args[0];
    DynamoDBProxyServer proxy =
        ServerRunner.createServerFromCommandLineArgs(Arrays.copyOfRange(args, 1, args.length));
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Connector[] connectors = ((Server) field.get(proxy)).getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) {
        throw new IllegalStateException("unexpected connector " + connector.getClass().getName());
      }
      ((ServerConnector) connector).setHost(host);
    }
    exitWhenStdinCloses();
    proxy.start();
    System.out.println("DynamoDB Local listening on " + host);
  }

  private static void exitWhenStdinCloses() {
    Thread watcher =
        new Thread(
            () -> {
              try {
                byte[] buffer = new byte[256];
                while (System.in.read(buffer) >= 0) {
                  // The parent never writes; anything it does is ignored.
                }
              } catch (java.io.IOException closed) {
                // A broken pipe is a closed one too.
              }
              // Shutdown hooks (DynamoDB Local's) get a few seconds; then the JVM goes regardless.
              Thread halt =
                  new Thread(
                      () -> {
                        try {
                          Thread.sleep(5_000);
                        } catch (InterruptedException ignored) {
                          // exiting anyway
                        }
                        Runtime.getRuntime().halt(1);
                      });
              halt.setDaemon(true);
              halt.start();
              System.exit(0);
            },
            "exit-with-parent");
    watcher.setDaemon(true);
    watcher.start();
  }
}
