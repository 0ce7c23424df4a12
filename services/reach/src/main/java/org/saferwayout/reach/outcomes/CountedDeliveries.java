package org.saferwayout.reach.outcomes;

import org.saferwayout.agency.readmodel.ReadModelIndexes;
import com.mongodb.client.model.IndexModel;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.saferwayout.events.SupportService;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the outcome report counts (collection {@code outcome_deliveries}): one document per survivor, kind of
 * service, city and day, and nothing else: no agency, no case, no event id. Keyed by exactly those fields,
 * so a redelivered event, or a second delivery of the same service on the same day, changes nothing; and
 * the write is a single-document upsert, needing no transaction.
 */
@Component
class CountedDeliveries {

    static final String COLLECTION = "outcome_deliveries";

    /** One counted delivery; {@code survivorRef} is only ever used to count distinct survivors. */
    record Delivery(String survivorRef, SupportService service, String city, LocalDate deliveredOn) {
    }

    private final MongoCollection<Document> deliveries;

    CountedDeliveries(MongoDatabase readModelDatabase) {
        this.deliveries = readModelDatabase.getCollection(COLLECTION);
        ReadModelIndexes.ensure(deliveries, new IndexModel(Indexes.ascending("day")));
    }

    /** Days are stored as ISO text, which sorts in date order only for the years 1 to 9999. */
    static boolean storable(LocalDate day) {
        return day != null && day.getYear() >= 1 && day.getYear() <= 9999;
    }

    void record(Delivery delivery) {
        String day = delivery.deliveredOn().toString();
        String key = String.join("|", delivery.service().name(), delivery.city(), day, delivery.survivorRef());
        Document document = new Document("_id", key)
                .append("service", delivery.service().name())
                .append("city", delivery.city())
                .append("day", day)
                .append("survivorRef", delivery.survivorRef());
        try {
            deliveries.replaceOne(Filters.eq("_id", key), document, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            // Two instances upserted the same delivery at once: it is stored, which is all that matters.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** Every counted delivery from {@code from} to {@code to}, both included (both {@link #storable}). */
    List<Delivery> between(LocalDate from, LocalDate to) {
        List<Delivery> found = new ArrayList<>();
        // ISO dates compare as strings in date order.
        deliveries.find(Filters.and(Filters.gte("day", from.toString()), Filters.lte("day", to.toString())))
                .projection(Projections.include("service", "city", "day", "survivorRef"))
                .forEach(doc -> found.add(new Delivery(doc.getString("survivorRef"),
                        SupportService.valueOf(doc.getString("service")), doc.getString("city"),
                        LocalDate.parse(doc.getString("day")))));
        return found;
    }
}
