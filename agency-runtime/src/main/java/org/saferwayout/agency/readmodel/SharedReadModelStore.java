package org.saferwayout.agency.readmodel;

import ch.qos.logback.classic.Level;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded MongoDB stand-in as a process of its own, for an agency whose service runs as several instances
 * (ADR 019): each instance reaches it by URI ({@code swo.read-model.mongo-uri}), as it would a real MongoDB. Started
 * from the agency's own jar: {@code java -cp <agency>-exec.jar -Dloader.main=<this class>
 * org.springframework.boot.loader.launch.PropertiesLauncher <port> <file>}. No instance can commit its MVStore
 * before storing a token (ADR 003), so it commits after every message instead: an acknowledged write is on disk.
 */
public final class SharedReadModelStore {

    private static final Logger log = LoggerFactory.getLogger(SharedReadModelStore.class);

    private SharedReadModelStore() {
    }

    public static void main(String[] args) throws Exception {
        // Outside Spring Boot, logback's default configuration logs everything at DEBUG, the stand-in's every
        // message included: this process logs at INFO, as the services do.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        if (args.length != 2) {
            log.error("usage: SharedReadModelStore <port> <read-model file>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(file.getParent());
        MongoServer server = new MongoServer(new CommitEveryMessage(file.toString()));
        server.bind("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "read-model-store-shutdown"));
        log.info("Shared read-model store on mongodb://127.0.0.1:{}", port);
        Thread.currentThread().join();
    }

    /** Durable at acknowledgement: MVStore otherwise writes its file about once a second. */
    static final class CommitEveryMessage extends H2Backend {

        CommitEveryMessage(String file) {
            super(file);
        }

        @Override
        public Document handleMessage(MongoMessage message) {
            Document result = super.handleMessage(message);
            commit();
            return result;
        }
    }
}
