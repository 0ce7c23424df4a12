package org.saferwayout.agency.auditing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.saferwayout.events.PersonalData;

import java.lang.reflect.RecordComponent;
import java.time.Instant;

/**
 * An exchange event as an auditor sees it: every field but personal data, which shows as
 * {@value #NOT_SHOWN} whatever this agency could open (VAWA practice: auditors see no personal data by default).
 */
record AuditorView(long position, Instant storedAt, String type, ObjectNode event) {

    static final String NOT_SHOWN = "[personal data: not shown to auditors]";
    static final String UNREADABLE = "[unreadable: quarantined by the agencies]";

    static AuditorView of(ExchangeHistory.Entry entry, ObjectMapper json) {
        ObjectNode fields = json.createObjectNode();
        if (entry.unreadable()) {
            fields.put("content", UNREADABLE);
            return new AuditorView(entry.position(), entry.storedAt(), entry.type(), fields);
        }
        for (RecordComponent component : entry.event().getClass().getRecordComponents()) {
            if (component.getType() == PersonalData.class) {
                fields.put(component.getName(), NOT_SHOWN);
                continue;
            }
            try {
                fields.set(component.getName(), json.valueToTree(component.getAccessor().invoke(entry.event())));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName(), e);
            }
        }
        return new AuditorView(entry.position(), entry.storedAt(), entry.type(), fields);
    }
}
