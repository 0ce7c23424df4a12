package org.saferwayout.agency.subscription;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.security.StaffMember;
import org.saferwayout.agency.web.NotFoundException;
import org.saferwayout.events.AgencyId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An agency system registers where this agency's notifications go. The signing secret is returned once, at
 * registration, and never shown again. Only subscriptions of the caller's own agency exist for it.
 */
@RestController
@RequestMapping("/api/subscriptions")
@SecurityRequirement(name = "bearer")
class SubscriptionController {

    private static final String NOT_FOUND = "No such subscription at this agency.";

    private final WebhookSubscriptions subscriptions;
    private final NotificationFeed feed;
    private final AgencyId thisAgency;
    private final Clock clock;

    SubscriptionController(WebhookSubscriptions subscriptions, NotificationFeed feed, AgencyProperties agency,
                           Clock clock) {
        this.subscriptions = subscriptions;
        this.feed = feed;
        this.thisAgency = agency.id();
        this.clock = clock;
    }

    /**
     * @param callbackUrl where notifications are POSTed: http(s), no credentials in it
     * @param eventTypes  the CloudEvents types wanted; empty for all
     */
    record SubscriptionForm(
            @NotBlank @Size(max = 2000) @CallbackUrls.Deliverable String callbackUrl,
            @NotNull @Size(max = 20) Set<@NotNull NotificationType> eventTypes) {
    }

    /** A subscription as its agency sees it: never its secret, never a notification's content. */
    record SubscriptionView(String subscriptionId, String callbackUrl, Set<NotificationType> eventTypes,
                            Instant registeredAt, String registeredBy, long deliveredThrough, int failedAttempts,
                            Instant nextAttemptAt, String lastFailure) {
        static SubscriptionView of(WebhookSubscription subscription) {
            return new SubscriptionView(subscription.subscriptionId(), subscription.callbackUrl().toString(),
                    subscription.eventTypes(), subscription.registeredAt(), subscription.registeredBy(),
                    subscription.deliveredThrough(), subscription.failedAttempts(), subscription.nextAttemptAt(),
                    subscription.lastFailure());
        }
    }

    /** Returned once: the secret to verify the {@code webhook-signature} of every delivery with. */
    record RegisteredSubscription(String subscriptionId, String callbackUrl, Set<NotificationType> eventTypes,
                                  long deliveredThrough, String signingSecret) {
    }

    record DeadLetterView(long sequence, String eventId, NotificationType type, String subject, int attempts,
                          String lastFailure, Instant deadLetteredAt, boolean redeliveryRequested) {
    }

    @Operation(summary = "Register a webhook for this agency's notifications (its secret is shown only now)")
    @PostMapping
    @PreAuthorize(SubscriberRoles.SUBSCRIBERS)
    ResponseEntity<RegisteredSubscription> register(@Valid @RequestBody SubscriptionForm form,
                                                    @AuthenticationPrincipal Jwt token) {
        Instant now = clock.instant();
        Set<NotificationType> types = form.eventTypes().isEmpty() ? EnumSet.noneOf(NotificationType.class)
                : EnumSet.copyOf(form.eventTypes());
        // Deliveries begin with the next notification; what came before can be read from the stream.
        WebhookSubscription subscription = new WebhookSubscription(UUID.randomUUID().toString(), thisAgency,
                URI.create(form.callbackUrl()), types, WebhookSignatures.newSecret(), StaffMember.of(token).id(), now,
                feed.lastPosition(), 0, now, null);
        subscriptions.register(subscription);
        return ResponseEntity.created(URI.create("/api/subscriptions/" + subscription.subscriptionId()))
                .body(new RegisteredSubscription(subscription.subscriptionId(), form.callbackUrl(), types,
                        subscription.deliveredThrough(), subscription.signingSecret()));
    }

    @Operation(summary = "This agency's webhook subscriptions")
    @GetMapping
    @PreAuthorize(SubscriberRoles.SUBSCRIBERS)
    Map<String, List<SubscriptionView>> list() {
        return Map.of("subscriptions", subscriptions.all(thisAgency).stream().map(SubscriptionView::of).toList());
    }

    @Operation(summary = "One subscription and how far its delivery got")
    @GetMapping("/{subscriptionId}")
    @PreAuthorize(SubscriberRoles.SUBSCRIBERS)
    SubscriptionView find(@PathVariable UUID subscriptionId) {
        return SubscriptionView.of(visible(subscriptionId));
    }

    @Operation(summary = "Change where a subscription delivers and what; its cursor and secret stay")
    @PutMapping("/{subscriptionId}")
    @PreAuthorize(SubscriberRoles.SUBSCRIBERS)
    SubscriptionView change(@PathVariable UUID subscriptionId, @Valid @RequestBody SubscriptionForm form) {
        Set<NotificationType> types = form.eventTypes().isEmpty() ? EnumSet.noneOf(NotificationType.class)
                : EnumSet.copyOf(form.eventTypes());
        if (!subscriptions.change(thisAgency, subscriptionId.toString(), URI.create(form.callbackUrl()), types)) {
            throw new NotFoundException(NOT_FOUND);
        }
        return SubscriptionView.of(visible(subscriptionId));
    }

    @Operation(summary = "Stop a subscription; its dead letters go with it")
    @DeleteMapping("/{subscriptionId}")
    @PreAuthorize(SubscriberRoles.SUBSCRIBERS)
    ResponseEntity<Void> delete(@PathVariable UUID subscriptionId) {
        if (!subscriptions.delete(thisAgency, subscriptionId.toString())) {
            throw new NotFoundException(NOT_FOUND);
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Notifications this subscription gave up on")
    @GetMapping("/{subscriptionId}/dead-letters")
    @PreAuthorize(SubscriberRoles.SUBSCRIBERS)
    Map<String, List<DeadLetterView>> deadLetters(@PathVariable UUID subscriptionId) {
        visible(subscriptionId);
        return Map.of("deadLetters", subscriptions.deadLetters(thisAgency, subscriptionId.toString()).stream()
                .map(letter -> feed.at(letter.sequence()).map(entry -> new DeadLetterView(letter.sequence(),
                        entry.eventId(), entry.type(), entry.subject(), letter.attempts(), letter.lastFailure(),
                        letter.deadLetteredAt(), letter.redeliveryRequested())).orElse(null))
                .filter(java.util.Objects::nonNull).toList());
    }

    @Operation(summary = "Deliver every dead letter of this subscription again")
    @PostMapping("/{subscriptionId}/dead-letters/redelivery")
    @PreAuthorize(SubscriberRoles.SUBSCRIBERS)
    ResponseEntity<Map<String, Integer>> redeliverAll(@PathVariable UUID subscriptionId) {
        visible(subscriptionId);
        int requested = subscriptions.requestRedelivery(thisAgency, subscriptionId.toString(), null, clock.instant());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("redeliveriesRequested", requested));
    }

    @Operation(summary = "Deliver one dead letter again")
    @PostMapping("/{subscriptionId}/dead-letters/{sequence}/redelivery")
    @PreAuthorize(SubscriberRoles.SUBSCRIBERS)
    ResponseEntity<Map<String, Integer>> redeliver(@PathVariable UUID subscriptionId, @PathVariable long sequence) {
        visible(subscriptionId);
        int requested = subscriptions.requestRedelivery(thisAgency, subscriptionId.toString(), sequence, clock.instant());
        if (requested == 0) {
            throw new NotFoundException("No such dead letter of this subscription.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("redeliveriesRequested", requested));
    }

    private WebhookSubscription visible(UUID subscriptionId) {
        return subscriptions.find(thisAgency, subscriptionId.toString()).orElseThrow(() -> new NotFoundException(NOT_FOUND));
    }
}
