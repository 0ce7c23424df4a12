package org.saferwayout.agency.readmodel;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The secondary indexes a read model's queries need (ADR 020). Each class that queries a collection ensures
 * them when it is built, next to the queries they serve. Creating an index that exists changes nothing, so every
 * instance of a service ensures them at startup.
 */
public final class ReadModelIndexes {

    private static final Logger log = LoggerFactory.getLogger(ReadModelIndexes.class);

    private ReadModelIndexes() {
    }

    public static void ensure(MongoCollection<Document> collection, IndexModel... indexes) {
        try {
            collection.createIndexes(List.of(indexes));
        } catch (MongoException unreachable) {
            // The queries still answer without them, only slower: an index must not keep the service from starting.
            log.warn("The indexes of read model {} could not be created ({} {}); its queries scan it until the next start",
                    collection.getNamespace().getCollectionName(), unreachable.getClass().getSimpleName(),
                    unreachable.getCode());
        }
    }
}
