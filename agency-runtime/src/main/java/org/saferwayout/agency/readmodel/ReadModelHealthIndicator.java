package org.saferwayout.agency.readmodel;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** Readiness depends on the read models: inboxes and cases are served from them. */
@Component("readModel")
class ReadModelHealthIndicator extends AbstractHealthIndicator {

    private final MongoDatabase database;

    ReadModelHealthIndicator(MongoDatabase readModelDatabase) {
        super("read models unreachable");
        this.database = readModelDatabase;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        database.runCommand(new Document("ping", 1));
        builder.up();
    }
}
