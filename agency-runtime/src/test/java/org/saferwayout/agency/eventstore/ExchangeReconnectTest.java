package org.saferwayout.agency.eventstore;

import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferwayout.agency.config.ExchangeProperties;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the exchange store restarts, the exchange pool must drop its dead connections and reach the new
 * server, even though the readers keep every connection busy (Hikari's liveness check is skipped for a
 * connection used in the last 500 ms). Before {@link BrokenConnectionEviction}, the pool kept handing out
 * the dead connections for as long as they were polled.
 */
class ExchangeReconnectTest {

    @TempDir
    Path dataDir;

    @Test
    void theExchangePoolReachesARestartedExchangeStoreWhileReadersKeepPolling() throws Exception {
        int port = freePort();
        Server server = startServer(port);
        ExchangeProperties properties = new ExchangeProperties(
                "jdbc:h2:tcp://127.0.0.1:" + port + "/exchange;MODE=PostgreSQL", "sa", "", Duration.ofMillis(50),
                100, 2, "default", Duration.ofSeconds(2));
        try (JdbcExchange exchange = new JdbcExchange(properties, JacksonSerializer.defaultSerializer(),
                JacksonSerializer.defaultSerializer(), NoOpEventUpcaster.INSTANCE)) {
            exchange.createSchemaIfMissing();
            assertThat(query(exchange)).isTrue();

            server.stop();
            // Readers poll through the outage, as the exchange intake does every fetch delay.
            for (int i = 0; i < 3; i++) {
                assertThat(query(exchange)).isFalse();
                Thread.sleep(10);
            }
            server = startServer(port);

            int failuresAfterRestart = 0;
            while (!query(exchange)) {
                failuresAfterRestart++;
                assertThat(failuresAfterRestart)
                        .as("queries still failing after the exchange store came back")
                        .isLessThan(50);
                Thread.sleep(10);
            }
        } finally {
            server.stop();
        }
    }

    private Server startServer(int port) throws SQLException {
        return Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dataDir.toString(),
                "-ifNotExists").start();
    }

    private static boolean query(JdbcExchange exchange) {
        try (Connection connection = exchange.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SELECT COUNT(*) FROM " + exchange.schema().domainEventTable());
            connection.commit();
            return true;
        } catch (SQLException unreachable) {
            return false;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
