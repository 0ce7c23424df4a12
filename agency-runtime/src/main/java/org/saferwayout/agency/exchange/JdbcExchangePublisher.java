package org.saferwayout.agency.exchange;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.events.IntegrationEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Publishes to the JDBC exchange exactly once per event id. The append runs in the exchange's own
 * transaction, immediately, so it is durable before the caller's private transaction (which moves the
 * publisher's token) commits; if that commit is lost the handler runs again and finds the event there.
 * The exchange's unique index on the event identifier settles a race between two publishers.
 */
public final class JdbcExchangePublisher implements ExchangePublisher {

    private final JdbcExchange exchange;
    private final Clock clock;

    public JdbcExchangePublisher(JdbcExchange exchange) {
        this(exchange, Clock.systemUTC());
    }

    JdbcExchangePublisher(JdbcExchange exchange, Clock clock) {
        this.exchange = exchange;
        this.clock = clock;
    }

    @Override
    public void publish(IntegrationEvent event) {
        EventMessage<IntegrationEvent> message = ExchangeMessages.toMessage(event, clock);
        if (isStored(message.getIdentifier())) {
            return;
        }
        try {
            exchange.transactionManager().executeInTransaction(() -> exchange.storageEngine().appendEvents(message));
        } catch (ConcurrencyException duplicate) {
            if (!isStored(message.getIdentifier())) {
                throw duplicate;
            }
        }
    }

    private boolean isStored(String eventIdentifier) {
        String sql = "SELECT 1 FROM " + exchange.schema().domainEventTable()
                + " WHERE " + exchange.schema().eventIdentifierColumn() + " = ?";
        try (Connection connection = exchange.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, eventIdentifier);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw new ExchangeUnavailableException("exchange could not be read", e);
        }
    }
}
