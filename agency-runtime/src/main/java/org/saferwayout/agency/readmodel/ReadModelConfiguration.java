package org.saferwayout.agency.readmodel;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.config.ReadModelProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/**
 * This agency's read models: its own MongoDB database, reached through the official driver. With no URI
 * configured it starts the embedded stand-in inside this process.
 */
@Configuration(proxyBeanMethods = false)
public class ReadModelConfiguration {

    @Bean(destroyMethod = "close")
    public ReadModelServer readModelServer(ReadModelProperties properties) {
        return properties.mongoUri().isBlank()
                ? EmbeddedReadModelServer.start(properties.embeddedFile(), properties.embeddedPort())
                : new ExternalReadModelServer(properties.mongoUri());
    }

    @Bean(destroyMethod = "close")
    public MongoClient mongoClient(ReadModelServer server) {
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                // A projection update is acknowledged only once journaled, so a token never runs ahead of it.
                .writeConcern(server.writeConcern())
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build();
        return MongoClients.create(settings);
    }

    @Bean
    public MongoDatabase readModelDatabase(MongoClient mongoClient, ReadModelProperties properties,
                                           AgencyProperties agency) {
        String database = properties.database() == null || properties.database().isBlank()
                ? "swo-" + agency.id().code()
                : properties.database();
        return mongoClient.getDatabase(database);
    }

    /** A MongoDB server behind the read models, and how to make their writes durable. */
    public interface ReadModelServer extends AutoCloseable {

        String connectionString();

        WriteConcern writeConcern();

        /** Makes every acknowledged write survive a kill -9 of this process; called before a token moves. */
        void makeDurable();

        @Override
        void close();
    }

    record ExternalReadModelServer(String connectionString) implements ReadModelServer {

        @Override
        public WriteConcern writeConcern() {
            return WriteConcern.MAJORITY.withJournal(true);
        }

        @Override
        public void makeDurable() {
            // The journaled majority write concern already did it.
        }

        @Override
        public void close() {
        }
    }
}
