package org.saferwayout.agency.testapp;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * The embedded MongoDB stand-in the runtime uses by default (mongo-java-server, H2 backend in memory) on a
 * free loopback port, for plain unit tests of read models: no Spring context. Each {@link #freshDatabase()}
 * is a new, empty database.
 */
public final class InMemoryMongo implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;

    private InMemoryMongo() {
        server = new MongoServer(H2Backend.inMemory());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    }

    public static InMemoryMongo start() {
        return new InMemoryMongo();
    }

    public MongoDatabase freshDatabase() {
        return client.getDatabase("test-" + UUID.randomUUID());
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
