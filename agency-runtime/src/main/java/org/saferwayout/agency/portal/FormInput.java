package org.saferwayout.agency.portal;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.validation.BindingResult;
import org.springframework.web.server.ResponseStatusException;

import java.util.UUID;

/** What a page does with a form that came back with errors. */
final class FormInput {

    private FormInput() {
    }

    /**
     * Whether the form has errors; if so the response is a 400 and the page is to be shown again with them. A
     * value no control of the page can send (the form could not even be built) is refused as not understood.
     */
    static boolean rejected(BindingResult errors, HttpServletResponse response) {
        if (!errors.hasErrors()) {
            return false;
        }
        if (errors.getTarget() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return true;
    }

    /** A key for one rendering of a form: posted twice (a second click), it names the same record (ADR 021). */
    static String newSubmissionKey() {
        return UUID.randomUUID().toString();
    }

    /** The key a form came back with; null if it had none (then every post of it is a new record). */
    static String submissionKey(String posted) {
        return posted == null || posted.isBlank() ? null : posted;
    }
}
