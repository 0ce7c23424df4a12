package org.saferwayout.agency.readmodel;

import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/** Reading typed fields back from read-model documents. */
public final class DocumentFields {

    private DocumentFields() {
    }

    public static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
