package org.saferwayout.agency.portal;

import org.springframework.http.HttpStatus;
import org.springframework.validation.BindingResult;
import org.springframework.web.server.ResponseStatusException;

/** Form input that could not even be read into its form (a value no control of the page can send): 400. */
final class FormInput {

    private FormInput() {
    }

    /** A form that can be shown again with its errors; otherwise the request is refused as not understood. */
    static void requireRedisplayable(BindingResult errors) {
        if (errors.getTarget() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
    }
}
