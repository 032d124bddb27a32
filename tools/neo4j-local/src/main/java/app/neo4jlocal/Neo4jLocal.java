package app.neo4jlocal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts Neo4j Community in-process with only a Bolt connector on 127.0.0.1.
 *
 * <p>Options (all {@code --name=value}):
 * <ul>
 *   <li>{@code --home}: folder for data and logs (required)</li>
 *   <li>{@code --port}: Bolt port; 0 picks a free one (default 7687)</li>
 *   <li>{@code --password}: enables auth for user {@code neo4j} with this password; absent means auth off</li>
 *   <li>{@code --page-cache-mb}: page cache size (default 64)</li>
 *   <li>{@code --parent-pid}: stop when this process is gone</li>
 *   <li>{@code --watch-stdin}: stop when standard input closes (the parent died or let go)</li>
 *   <li>{@code --plugins}: folder of procedure jars (APOC Core for the benchmark's peer); their {@code apoc.*}
 *       procedures are allowed</li>
 * </ul>
 *
 * <p>Prints one line {@code NEO4J_LOCAL_READY bolt://127.0.0.1:PORT} once Bolt accepts connections,
 * and {@code NEO4J_LOCAL_STOPPED} after a clean shutdown.
 */
public final class Neo4jLocal {
    static final String READY = "NEO4J_LOCAL_READY";
    static final String STOPPED = "NEO4J_LOCAL_STOPPED";
    static final String FAILED = "NEO4J_LOCAL_FAILED";

    private Neo4jLocal() {}

    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        String home = options.get("home");
        if (home == null) {
            fail("missing --home=<folder for data and logs>");
        }
        int port = intOption(options, "port", 7687);
        long pageCacheMb = intOption(options, "page-cache-mb", 64);
        Optional<String> password = Optional.ofNullable(options.get("password")).filter(p -> !p.isEmpty());
        Optional<String> plugins = Optional.ofNullable(options.get("plugins")).filter(p -> !p.isEmpty());

        DatabaseManagementService service;
        try {
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(Path.of(home).toAbsolutePath());
            plugins.ifPresent(dir -> builder
                    .setConfig(GraphDatabaseSettings.plugin_dir, Path.of(dir).toAbsolutePath())
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                    .setConfig(GraphDatabaseSettings.procedure_allowlist, List.of("*")));
            service = builder
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, password.isPresent())
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                    .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                    // Bolt otherwise waits 5 s twice on shutdown, long after the stores are closed.
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .build();
        } catch (RuntimeException e) {
            fail("could not start Neo4j in " + home + ": " + rootMessage(e));
            return;
        }

        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean stopped = new AtomicBoolean(false);
        Runnable shutdown = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    service.shutdown();
                } finally {
                    System.out.println(STOPPED);
                    System.out.flush();
                    stop.countDown();
                }
            }
        };
        // SIGTERM and SIGINT run shutdown hooks; the hook waits for the store to close cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "neo4j-local-shutdown"));

        try {
            GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            password.ifPresent(p -> setPassword(system, p));
            GraphDatabaseAPI db = (GraphDatabaseAPI) service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            db.executeTransactionally("RETURN 1");
            HostnamePort bound = db.getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT);
            System.out.println(READY + " bolt://127.0.0.1:" + bound.getPort());
            System.out.flush();
        } catch (RuntimeException e) {
            System.out.println(FAILED + " " + rootMessage(e));
            System.out.flush();
            shutdown.run();
            System.exit(1);
        }

        options.computeIfPresent("parent-pid", (k, v) -> {
            watchParent(Long.parseLong(v), shutdown);
            return v;
        });
        if (options.containsKey("watch-stdin")) {
            watchStdin(shutdown);
        }

        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            // A store that already has this password refuses to "change" it to itself; that is the state we want.
            if (!rootMessage(e).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static void watchParent(long pid, Runnable shutdown) {
        Thread watcher = new Thread(() -> {
            Optional<ProcessHandle> parent = ProcessHandle.of(pid);
            while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(Duration.ofMillis(500).toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            shutdown.run();
        }, "neo4j-local-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void watchStdin(Runnable shutdown) {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // Input is ignored: only its end matters.
                }
            } catch (IOException ignored) {
                // A broken pipe means the parent is gone, the same as end of input.
            }
            shutdown.run();
        }, "neo4j-local-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                fail("unexpected argument '" + arg + "': options look like --name=value");
            }
            int eq = arg.indexOf('=');
            if (eq < 0) {
                options.put(arg.substring(2), "true");
            } else {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
        }
        return options;
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            fail("--" + name + " must be a whole number, got '" + value + "'");
            return fallback;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static void fail(String message) {
        System.out.println(FAILED + " " + message);
        System.out.flush();
        System.exit(2);
    }
}
