package org.saferwayout.exchangestore;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchange-store process checkpoints the exchange the agencies write to: its own H2 database over TCP, or the
 * PostgreSQL exchange it is pointed at; its signing key is generated owner-only under the data directory.
 */
class ExchangeLogOperatorTest {

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedExchangeIsCheckpointedAsAgenciesWriteToIt() throws Exception {
        Path baseDir = dataDir.resolve("exchange");
        Server server = ExchangeStoreServer.start(baseDir, 18592, "secret");
        try (ExchangeLogOperator ignored = ExchangeLogOperator.start(baseDir, ExchangeStoreServer.exchangeUrl(baseDir), "secret")) {
            String overTcp = "jdbc:h2:tcp://127.0.0.1:18592/exchange" + ExchangeStoreServer.URL_OPTIONS;
            insertEvents(overTcp, "swo", "secret", 3);
            assertThat(awaitCheckpointOf(overTcp, "swo", "secret", 3)).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    baseDir.resolve("operator-key").resolve("checkpoint-signing-key.pk8")))).isEqualTo("rw-------");
        } finally {
            server.stop();
        }
    }

    @Test
    void aPostgresqlExchangeIsCheckpointedWhenTheProcessIsPointedAtIt() throws Exception {
        String database = "audit_operator_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = "jdbc:postgresql://127.0.0.1:5432/" + database;
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        System.setProperty(ExchangeLogOperator.EXCHANGE_URL_PROPERTY, url);
        System.setProperty(ExchangeLogOperator.EXCHANGE_USER_PROPERTY, "postgres");
        try (ExchangeLogOperator ignored = ExchangeLogOperator.start(dataDir.resolve("exchange"), "jdbc:h2:mem:unused", "")) {
            createAxonTable(url);
            insertEvents(url, "postgres", "", 4);
            assertThat(awaitCheckpointOf(url, "postgres", "", 4)).isTrue();
        } finally {
            System.clearProperty(ExchangeLogOperator.EXCHANGE_URL_PROPERTY);
            System.clearProperty(ExchangeLogOperator.EXCHANGE_USER_PROPERTY);
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static void createAxonTable(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory.INSTANCE
                    .createDomainEventTable(connection, new org.axonframework.eventsourcing.eventstore.jdbc.EventSchema())
                    .executeUpdate();
        }
    }

    private static void insertEvents(String url, String user, String password, int count) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO domainevententry (aggregateidentifier,"
                     + " sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)"
                     + " VALUES (?, 0, 'Referral', ?, ?, ?, NULL, 'Sample', ?)")) {
            for (int i = 0; i < count; i++) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, UUID.randomUUID().toString());
                insert.setBytes(3, "{}".getBytes(StandardCharsets.UTF_8));
                insert.setBytes(4, "{\"sealed\":\"x\"}".getBytes(StandardCharsets.UTF_8));
                insert.setString(5, Instant.now().toString());
                insert.executeUpdate();
            }
        }
    }

    private static boolean awaitCheckpointOf(String url, String user, String password, long treeSize) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT MAX(tree_size) FROM exchange_checkpoint")) {
                if (result.next() && result.getLong(1) == treeSize) {
                    return true;
                }
            } catch (java.sql.SQLException notYet) {
                // the tables appear with the checkpointer's first round
            }
            Thread.sleep(200);
        }
        return false;
    }
}
