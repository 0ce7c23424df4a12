package org.saferwayout.auditor;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.saferwayout.exchange.audit.CheckpointSigner;
import org.saferwayout.exchange.audit.CheckpointWitness;
import org.saferwayout.exchange.audit.ConnectionSource;
import org.saferwayout.exchange.audit.ExchangeCheckpointer;
import org.saferwayout.exchange.audit.SignedCheckpoint;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A fresh exchange for one test: Axon's own JDBC engine writes the events (as the agency services do) into an
 * in-memory H2 database in PostgreSQL mode, or a given PostgreSQL database; the checkpointer builds the tree with a
 * checkpoint every {@link #EVENTS_PER_CHECKPOINT} events; a witness keeps the checkpoints aside.
 */
final class FreshExchange {

    static final int EVENTS_PER_CHECKPOINT = 10;

    /** A sealed referral as the exchange stores it (the ciphertext here is random text). */
    record ReferralRequestedSample(String referralId, String survivorRef, String sealedName) {
    }

    final String url;
    final String user;
    final String password;
    final CheckpointSigner operator = CheckpointSigner.generate();
    final List<SignedCheckpoint> witnessed = new ArrayList<>();
    private final Duration lateEventWindow;

    private FreshExchange(String url, String user, String password, Duration lateEventWindow) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.lateEventWindow = lateEventWindow;
    }

    static FreshExchange h2() {
        return new FreshExchange("jdbc:h2:mem:audit-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "swo", "swo",
                Duration.ofSeconds(60));
    }

    static FreshExchange h2ClosingGapsAtOnce() {
        FreshExchange exchange = h2();
        return new FreshExchange(exchange.url, exchange.user, exchange.password, Duration.ZERO);
    }

    static FreshExchange at(String url, String user, String password) {
        return new FreshExchange(url, user, password, Duration.ofSeconds(60));
    }

    ConnectionSource connections() {
        return () -> DriverManager.getConnection(url, user, password);
    }

    /** Writes {@code count} events through Axon, in several aggregates, with metadata. */
    FreshExchange withEvents(int count) {
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(connections()::open)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        for (int i = 0; i < count; i++) {
            String aggregate = "referral-" + (i % 4);
            engine.appendEvents(new GenericDomainEventMessage<>("Referral", aggregate, i / 4,
                    new ReferralRequestedSample(UUID.randomUUID().toString(), "SR-" + i, "c2VhbGVk" + UUID.randomUUID()),
                    MetaData.with("traceId", UUID.randomUUID().toString()).and("publishedBy", "alert")));
        }
        return this;
    }

    ExchangeCheckpointer checkpointer(CheckpointSigner signer) {
        return new ExchangeCheckpointer(connections(), signer, new ExchangeCheckpointer.Settings(EVENTS_PER_CHECKPOINT,
                Duration.ofSeconds(10), Duration.ZERO, lateEventWindow, 1000), Clock.systemUTC());
    }

    /** The operator appends everything and signs a checkpoint of the last leaves; a witness keeps them all. */
    FreshExchange checkpointed() throws SQLException {
        checkpointer(operator).appendAndCheckpointNow();
        witness();
        return this;
    }

    CheckpointWitness.Outcome witness() throws SQLException {
        return new CheckpointWitness(connections(), new CheckpointWitness.Ledger() {
            @Override
            public Optional<SignedCheckpoint> latest() {
                return witnessed.isEmpty() ? Optional.empty() : Optional.of(witnessed.get(witnessed.size() - 1));
            }

            @Override
            public void record(SignedCheckpoint checkpoint, long witnessedAt) {
                witnessed.add(checkpoint);
            }
        }, null, Clock.systemUTC(), 1000).witnessNewCheckpoints();
    }

    /** The witnessed checkpoints as GET /api/audit/witnessed-checkpoints serves them, in a file. */
    Path witnessFile(Path directory) throws Exception {
        Path file = directory.resolve("witness-alert.json");
        BundleFormat.JSON.writeValue(file.toFile(), witnessed.stream().map(checkpoint -> new BundleFormat.Checkpoint(
                checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.signedAt(), checkpoint.operatorKey(),
                checkpoint.signature(), "alert", System.currentTimeMillis())).toList());
        return file;
    }

    void sql(String... statements) throws SQLException {
        try (Connection connection = connections().open(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    byte[] bytes(String column, long globalIndex) throws SQLException {
        try (Connection connection = connections().open();
             PreparedStatement query = connection.prepareStatement("SELECT " + column + " FROM domainevententry WHERE globalindex = ?")) {
            query.setLong(1, globalIndex);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getBytes(1);
            }
        }
    }

    void setBytes(String table, String column, String where, byte[] value) throws SQLException {
        try (Connection connection = connections().open();
             PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE " + where)) {
            update.setBytes(1, value);
            update.executeUpdate();
        }
    }

    /** Runs {@code swo-audit verify} on this exchange with more arguments; the exit code and what it printed. */
    Run verify(String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--jdbc-url", url, "--user", user, "--password", password,
                "--no-progress"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AuditorCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    record Run(int exit, String out, String err) {
    }
}
