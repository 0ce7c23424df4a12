package org.saferwayout.agency.subscription;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * This agency's notifications as Server-Sent Events, the same CloudEvents the webhooks deliver, each with its
 * feed position as {@code id}. A first connection starts with the next notification ({@code after=0} reads
 * the feed from its start); a reconnecting client sends {@code Last-Event-ID} and resumes right after it.
 */
@RestController
@Validated
@SecurityRequirement(name = "bearer")
class NotificationStreamController {

    private final NotificationStreams streams;
    private final NotificationFeed feed;

    NotificationStreamController(NotificationStreams streams, NotificationFeed feed) {
        this.streams = streams;
        this.feed = feed;
    }

    @Operation(summary = "Stream this agency's notifications (text/event-stream), resumable with Last-Event-ID")
    @GetMapping(path = "/api/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @PreAuthorize(SubscriberRoles.SUBSCRIBERS)
    SseEmitter stream(@RequestHeader(name = "Last-Event-ID", required = false)
                      @Pattern(regexp = "[0-9]{1,18}") String lastEventId,
                      @RequestParam(name = "after", required = false) @Min(0) Long after) {
        long position = lastEventId != null ? Long.parseLong(lastEventId)
                : after != null ? after : feed.lastPosition();
        return streams.openAfter(position);
    }
}
