package org.saferwayout.agency.readmodel;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Projections apply an aggregate's events once and in order without transactions: against the embedded
 * MongoDB stand-in (mongo-java-server, H2 backend in memory) that the runtime itself starts.
 */
class VersionedDocumentsTest {

    private static EmbeddedReadModelServer server;
    private static MongoClient client;

    private MongoCollection<Document> collection;
    private String id;

    @BeforeAll
    static void startServer() {
        server = EmbeddedReadModelServer.start("", 0);
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @BeforeEach
    void freshCollection() {
        collection = client.getDatabase("versioned-documents-test").getCollection("docs-" + UUID.randomUUID());
        id = UUID.randomUUID().toString();
    }

    private Document stored() {
        return collection.find(Filters.eq("_id", id)).first();
    }

    @Test
    void aFirstEventCreatesTheDocumentWithItsSequenceNumber() {
        VersionedDocuments.apply(collection, id, 0, Updates.set("status", "OPEN"));

        Document doc = stored();
        assertThat(doc).isNotNull();
        assertThat(doc.getString("status")).isEqualTo("OPEN");
        assertThat(doc.getLong(VersionedDocuments.VERSION)).isZero();
        assertThat(collection.countDocuments()).isEqualTo(1);
    }

    @Test
    void aNewerEventChangesTheDocument() {
        VersionedDocuments.apply(collection, id, 0, Updates.set("status", "OPEN"));
        VersionedDocuments.apply(collection, id, 1, Updates.set("status", "REFERRED"));

        assertThat(stored().getString("status")).isEqualTo("REFERRED");
        assertThat(stored().getLong(VersionedDocuments.VERSION)).isEqualTo(1L);
        assertThat(collection.countDocuments()).isEqualTo(1);
    }

    @Test
    void applyingTheSameSequenceNumberTwiceChangesTheDocumentOnce() {
        VersionedDocuments.apply(collection, id, 0, Updates.set("status", "OPEN"));
        VersionedDocuments.apply(collection, id, 1, Updates.inc("referrals", 1));
        VersionedDocuments.apply(collection, id, 1, Updates.inc("referrals", 1));

        assertThat(stored().getInteger("referrals")).isEqualTo(1);
        assertThat(stored().getLong(VersionedDocuments.VERSION)).isEqualTo(1L);
        assertThat(collection.countDocuments()).isEqualTo(1);
    }

    @Test
    void aRepeatedFirstEventDoesNotFailOrDuplicate() {
        VersionedDocuments.apply(collection, id, 0, Updates.inc("opened", 1));
        VersionedDocuments.apply(collection, id, 0, Updates.inc("opened", 1));

        assertThat(stored().getInteger("opened")).isEqualTo(1);
        assertThat(collection.countDocuments()).isEqualTo(1);
    }

    @Test
    void anOlderEventAfterANewerOneChangesNothing() {
        VersionedDocuments.apply(collection, id, 0, Updates.set("status", "OPEN"));
        VersionedDocuments.apply(collection, id, 2, Updates.set("status", "ACCEPTED"));
        Document before = stored();

        VersionedDocuments.apply(collection, id, 1, Updates.combine(Updates.set("status", "REQUESTED"),
                Updates.set("late", true)));

        assertThat(stored()).isEqualTo(before);
        assertThat(stored().getString("status")).isEqualTo("ACCEPTED");
        assertThat(stored().getLong(VersionedDocuments.VERSION)).isEqualTo(2L);
        assertThat(collection.countDocuments()).isEqualTo(1);
    }

    @Test
    void documentsOfDifferentAggregatesAreIndependent() {
        String other = UUID.randomUUID().toString();
        VersionedDocuments.apply(collection, id, 3, Updates.set("status", "ACCEPTED"));
        VersionedDocuments.apply(collection, other, 0, Updates.set("status", "OPEN"));

        assertThat(collection.find(Filters.eq("_id", other)).first().getString("status")).isEqualTo("OPEN");
        assertThat(stored().getString("status")).isEqualTo("ACCEPTED");
        assertThat(collection.countDocuments()).isEqualTo(2);
    }
}
