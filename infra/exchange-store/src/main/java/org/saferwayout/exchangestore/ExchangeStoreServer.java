package org.saferwayout.exchangestore;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded network exchange: one H2 database file served over TCP on loopback, shared by every
 * agency service, and beside it the network key store's database. It also runs the exchange's checkpointer
 * ({@link ExchangeLogOperator}, ADR 013), on this database or on the PostgreSQL exchange named by
 * {@code -Dswo.audit.exchange-url}. It creates the exchange's tables (Axon's PostgreSQL DDL, H2 in PostgreSQL mode) before
 * it accepts connections, and refuses to create any other database remotely. Real deployments use
 * PostgreSQL or Axon Server instead.
 *
 * <p>Usage: {@code java -jar exchange-store-exec.jar [dataDir] [port]} (defaults {@code ./data}, 9092).
 */
public final class ExchangeStoreServer {

    private static final Logger log = LoggerFactory.getLogger(ExchangeStoreServer.class);

    public static final String DATABASE = "exchange";
    public static final String USER = "swo";
    public static final String PASSWORD_PROPERTY = "swo.exchange.password";
    public static final String DEFAULT_PASSWORD = "swo-exchange";
    /** The network key store's database (ADR 009): beside the exchange on this server, never inside it. */
    public static final String KEYS_DATABASE = "keys";
    public static final String KEYS_PASSWORD_PROPERTY = "swo.keys.password";
    public static final String DEFAULT_KEYS_PASSWORD = "swo-keys";
    static final String URL_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    /**
     * Every commit written before it is acknowledged: H2's default writes up to a second later, and a kill -9
     * then loses events and keys the agencies were told were stored. The databases are opened here with the
     * setting and kept open (DB_CLOSE_DELAY=-1), so the TCP server's sessions share them as opened: H2 does not
     * bring WRITE_DELAY back on reopening a database created with DATABASE_TO_LOWER.
     */
    static final String DURABLE_COMMITS = ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1";

    private ExchangeStoreServer() {
    }

    public static void main(String[] args) throws Exception {
        Path baseDir = Path.of(args.length > 0 ? args[0] : "./data").resolve("exchange").toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        String password = System.getProperty(PASSWORD_PROPERTY, DEFAULT_PASSWORD);
        Server server = start(baseDir, port, password);
        ExchangeLogOperator logOperator = ExchangeLogOperator.start(baseDir, exchangeUrl(baseDir), password);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            logOperator.close();
            server.stop();
            stopped.countDown();
        }, "exchange-store-shutdown"));
        log.info("Exchange store listening on 127.0.0.1:{} (data in {})", server.getPort(), baseDir);
        stopped.await();
    }

    public static Server start(Path baseDir, int port, String password) throws Exception {
        Files.createDirectories(baseDir);
        createSchema(baseDir, password);
        createKeysDatabase(baseDir, System.getProperty(KEYS_PASSWORD_PROPERTY, DEFAULT_KEYS_PASSWORD));
        // Loopback only (no -tcpAllowOthers); no remote creation of databases (no -ifNotExists).
        return Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", baseDir.toString()).start();
    }

    /** An empty database: the agency services create its tables (NetworkKeyStore), as they may on PostgreSQL. */
    private static void createKeysDatabase(Path baseDir, String password) throws Exception {
        String url = "jdbc:h2:file:" + baseDir.resolve(KEYS_DATABASE) + URL_OPTIONS + DURABLE_COMMITS;
        DriverManager.getConnection(url, USER, password).close();
    }

    /** The embedded exchange, opened in this process (the TCP server's sessions share it). */
    static String exchangeUrl(Path baseDir) {
        return "jdbc:h2:file:" + baseDir.resolve(DATABASE) + URL_OPTIONS + DURABLE_COMMITS;
    }

    private static void createSchema(Path baseDir, String password) throws Exception {
        String url = exchangeUrl(baseDir);
        try (Connection connection = DriverManager.getConnection(url, USER, password)) {
            EventSchema schema = new EventSchema();
            try (PreparedStatement events = PostgresEventTableFactory.INSTANCE.createDomainEventTable(connection, schema);
                 PreparedStatement snapshots = PostgresEventTableFactory.INSTANCE.createSnapshotEventTable(connection, schema)) {
                events.executeUpdate();
                snapshots.executeUpdate();
            }
        }
    }
}
