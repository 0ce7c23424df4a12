package org.saferwayout.agency.consent.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.saferwayout.agency.consent.application.SupervisorNotifications;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Emergency disclosures received without consent, for this agency's supervisors. */
@RestController
@SecurityRequirement(name = "bearer")
class SupervisorNotificationController {

    private final SupervisorNotifications notifications;

    SupervisorNotificationController(SupervisorNotifications notifications) {
        this.notifications = notifications;
    }

    @Operation(summary = "Recent notifications for supervisors (emergency disclosures received)")
    @GetMapping("/api/supervisor/notifications")
    @PreAuthorize("hasRole('SUPERVISOR')")
    List<SupervisorNotifications.Notification> recent() {
        return notifications.recent();
    }
}
