package org.saferwayout.agency.testapp;

import org.saferwayout.agency.eventstore.JdbcExchange;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Reads the stored events of the private store and of the exchange with plain JDBC, bypassing Axon. */
public final class EventStoreRows {

    public record Row(long globalIndex, String eventIdentifier, String aggregateIdentifier, String payloadType,
                      String payload) {
    }

    private final JdbcTemplate privateStore;
    private final JdbcTemplate exchange;

    public EventStoreRows(DataSource privateDataSource, JdbcExchange jdbcExchange) {
        this.privateStore = new JdbcTemplate(privateDataSource);
        this.exchange = new JdbcTemplate(jdbcExchange.dataSource());
    }

    public long privateCount() {
        return count(privateStore);
    }

    public long exchangeCount() {
        return count(exchange);
    }

    /** Both counts at once, e.g. to compare before and after a request. */
    public Map<String, Long> counts() {
        return Map.of("private", privateCount(), "exchange", exchangeCount());
    }

    public List<Row> privateRows() {
        return rows(privateStore);
    }

    public List<Row> exchangeRows() {
        return rows(exchange);
    }

    private static long count(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM domainevententry", Long.class);
        return count == null ? 0 : count;
    }

    private static List<Row> rows(JdbcTemplate jdbc) {
        return jdbc.query("SELECT globalindex, eventidentifier, aggregateidentifier, payloadtype, payload"
                        + " FROM domainevententry ORDER BY globalindex",
                (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        new String(rs.getBytes(5), StandardCharsets.UTF_8)));
    }
}
