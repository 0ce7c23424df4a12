package org.saferwayout.exchangestore;

import org.saferwayout.exchange.audit.CheckpointSigner;
import org.saferwayout.exchange.audit.ConnectionSource;
import org.saferwayout.exchange.audit.ExchangeCheckpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the exchange's checkpointer (ADR 013) in the exchange-store process, against the exchange the agencies use:
 * the H2 database this process serves, or, when {@code -Dswo.audit.exchange-url} names another (PostgreSQL), that one.
 * The operator's signing key lives under the data directory ({@code operator-key/}), owner-only.
 */
final class ExchangeLogOperator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExchangeLogOperator.class);
    /** The exchange to checkpoint when it is not this process's H2 database (PostgreSQL). */
    static final String EXCHANGE_URL_PROPERTY = "swo.audit.exchange-url";
    static final String EXCHANGE_USER_PROPERTY = "swo.audit.exchange-username";
    static final String EXCHANGE_PASSWORD_PROPERTY = "swo.audit.exchange-password";
    static final long POLL_MILLIS = 500;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "exchange-checkpointer");
        thread.setDaemon(true);
        return thread;
    });
    private final ExchangeCheckpointer checkpointer;
    private volatile boolean failing;

    private ExchangeLogOperator(ExchangeCheckpointer checkpointer) {
        this.checkpointer = checkpointer;
    }

    static ExchangeLogOperator start(Path baseDir, String embeddedUrl, String embeddedPassword) throws Exception {
        String external = System.getProperty(EXCHANGE_URL_PROPERTY, "");
        ConnectionSource exchange;
        if (external.isBlank()) {
            exchange = () -> DriverManager.getConnection(embeddedUrl, ExchangeStoreServer.USER, embeddedPassword);
        } else {
            String user = System.getProperty(EXCHANGE_USER_PROPERTY, "");
            String password = System.getProperty(EXCHANGE_PASSWORD_PROPERTY, "");
            exchange = () -> DriverManager.getConnection(external, user, password);
            log.info("Checkpointing the exchange at {}", external.replaceAll("\\?.*", ""));
        }
        CheckpointSigner signer = CheckpointSigner.loadOrGenerate(baseDir.resolve("operator-key"));
        ExchangeLogOperator operator = new ExchangeLogOperator(new ExchangeCheckpointer(exchange, signer,
                ExchangeCheckpointer.Settings.defaults(), Clock.systemUTC()));
        operator.scheduler.scheduleWithFixedDelay(operator::appendNewEvents, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        log.info("Exchange checkpointer started (operator key {})",
                org.saferwayout.exchange.audit.SignedCheckpoint.keyId(signer.publicKey()));
        return operator;
    }

    private void appendNewEvents() {
        try {
            checkpointer.appendNewEvents();
            if (failing) {
                failing = false;
                log.info("Exchange checkpointer reaches the exchange again");
            }
        } catch (Exception | Error e) {
            if (!failing) {
                // The exchange may not exist yet (PostgreSQL: the services create its tables) or be restarting.
                log.warn("Exchange checkpointer cannot read the exchange ({}); retrying", e.getClass().getSimpleName());
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
