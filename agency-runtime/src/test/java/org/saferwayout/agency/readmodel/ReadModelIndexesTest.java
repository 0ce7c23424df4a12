package org.saferwayout.agency.readmodel;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The read models' queries have their indexes (ADR 020). The embedded stand-in lists the indexes it was asked
 * for without using them, so this proves that each is declared on its collection, not how fast a query is: that
 * needs a real MongoDB.
 */
@AgencyRuntimeTest
class ReadModelIndexesTest {

    /** The keys of each index, as MongoDB lists them: one entry per query they serve (see the classes). */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "support_cases", List.of(
                    "{\"status\": -1, \"openedAt\": -1, \"_id\": 1}",
                    "{\"survivorRef\": 1, \"openedAt\": -1}"),
            "safety_plans", List.of(
                    "{\"caseId\": 1, \"version\": -1}",
                    "{\"survivorRef\": 1}"),
            "received_personal_data", List.of(
                    "{\"caseId\": 1, \"_id\": 1}",
                    "{\"survivorRef\": 1}"),
            "consents", List.of(
                    "{\"survivorRef\": 1, \"granteeAgency\": 1, \"state\": 1, \"recordedAt\": -1}",
                    "{\"kind\": 1, \"referralId\": 1}",
                    "{\"kind\": 1, \"granteeAgency\": 1, \"validUntil\": 1}",
                    "{\"recordingAgency\": 1, \"state\": 1, \"validUntil\": 1}"),
            "supervisor_notifications", List.of(
                    "{\"notifiedAt\": -1}"),
            "referral_inbox", List.of(
                    "{\"receivedAt\": -1, \"_id\": 1}",
                    "{\"status\": 1, \"acknowledgeBy\": 1, \"_id\": 1}"));

    @Autowired
    private MongoDatabase readModelDatabase;

    @Test
    void everyQueriedCollectionHasTheIndexesOfItsQueries() {
        EXPECTED.forEach((collection, indexes) -> assertThat(keysOf(collection)).as(collection)
                .containsAll(indexes));
    }

    @Test
    void ensuringAnIndexThatExistsChangesNothing() {
        List<String> before = keysOf("support_cases");
        ReadModelIndexes.ensure(readModelDatabase.getCollection("support_cases"),
                new IndexModel(Indexes.compoundIndex(Indexes.descending("status", "openedAt"), Indexes.ascending("_id"))));
        assertThat(keysOf("support_cases")).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void anUnreachableReadModelStoreDoesNotKeepTheServiceFromStarting() {
        try (MongoClient nowhere = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300")) {
            assertThatCode(() -> ReadModelIndexes.ensure(nowhere.getDatabase("swo-nowhere").getCollection("support_cases"),
                    new IndexModel(Indexes.ascending("survivorRef")))).doesNotThrowAnyException();
        }
    }

    private List<String> keysOf(String collection) {
        List<String> keys = new ArrayList<>();
        readModelDatabase.getCollection(collection).listIndexes()
                .forEach(index -> keys.add(index.get("key", Document.class).toJson()));
        return keys;
    }
}
