package org.saferwayout.agency.subscription;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A feed entry as a CloudEvents 1.0 message in structured JSON mode, the one form both webhooks and streams
 * send: {@code id} is the integration event's stable id (de-duplicate on it), {@code source} the agency that
 * published it, {@code subject} the referral, consent or erasure, and the extension {@code sequence} its
 * position in this agency's feed.
 */
public final class NotificationMessages {

    public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE + "; charset=utf-8";
    private static final JsonFormat FORMAT = new JsonFormat();

    private NotificationMessages() {
    }

    public static CloudEvent cloudEvent(FeedEntry entry) {
        return CloudEventBuilder.v1()
                .withId(entry.eventId())
                .withSource(URI.create("/agencies/" + entry.sourceAgency().code()))
                .withType(entry.type().cloudEventType())
                .withSubject(entry.subject())
                .withTime(OffsetDateTime.ofInstant(entry.occurredAt(), ZoneOffset.UTC))
                .withExtension("sequence", Long.toString(entry.sequence()))
                .withData("application/json", entry.data().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** The structured JSON body, exactly as delivered and signed. */
    public static byte[] structuredJson(FeedEntry entry) {
        return FORMAT.serialize(cloudEvent(entry));
    }
}
