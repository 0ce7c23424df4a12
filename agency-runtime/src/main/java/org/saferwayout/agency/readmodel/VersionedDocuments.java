package org.saferwayout.agency.readmodel;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Applies an aggregate's event to the document that mirrors it, once and in order, without multi-document
 * transactions: the document remembers the aggregate sequence number it has seen ({@code version}), and
 * an update for a sequence number it has already seen changes nothing. Redelivery and replay are harmless.
 */
public final class VersionedDocuments {

    public static final String VERSION = "version";

    private VersionedDocuments() {
    }

    public static void apply(MongoCollection<Document> collection, String id, long sequenceNumber, Bson update) {
        Bson notYetApplied = Filters.and(Filters.eq("_id", id), Filters.lt(VERSION, sequenceNumber));
        try {
            collection.updateOne(notYetApplied, Updates.combine(update, Updates.set(VERSION, sequenceNumber)),
                    new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            // The upsert collided with the existing document: it has seen this event already.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }
}
