package org.saferwayout.agency.readmodel;

import com.mongodb.WriteConcern;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded stand-in for MongoDB (mongo-java-server with its H2 MVStore backend), bound to loopback
 * on a free port unless given one. MVStore commits on its own only every second or so, so {@link #makeDurable()} commits
 * explicitly: projections call it before their token is stored, and a kill -9 loses no update.
 */
final class EmbeddedReadModelServer implements ReadModelConfiguration.ReadModelServer {

    private final H2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedReadModelServer(H2Backend backend, int port) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        this.address = server.getLocalAddress();
    }

    static EmbeddedReadModelServer start(String file, int port) {
        if (file == null || file.isBlank()) {
            return new EmbeddedReadModelServer(H2Backend.inMemory(), port);
        }
        try {
            Path path = Path.of(file).toAbsolutePath();
            Files.createDirectories(path.getParent());
            return new EmbeddedReadModelServer(new H2Backend(path.toString()), port);
        } catch (IOException e) {
            throw new UncheckedIOException("read-model directory could not be created", e);
        }
    }

    @Override
    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    @Override
    public WriteConcern writeConcern() {
        return WriteConcern.ACKNOWLEDGED;
    }

    @Override
    public void makeDurable() {
        backend.commit();
    }

    @Override
    public void close() {
        backend.commit();
        server.shutdownNow(); // closes the backend too
    }
}
