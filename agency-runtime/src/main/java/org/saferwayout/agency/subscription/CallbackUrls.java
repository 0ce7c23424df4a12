package org.saferwayout.agency.subscription;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a webhook may point: an absolute http(s) URL with a host, without user info (credentials would sit in
 * the database and in every log of the URL) and without a fragment. Checked on registration and again before
 * every delivery.
 */
public final class CallbackUrls {

    private CallbackUrls() {
    }

    static boolean isDeliverable(URI url) {
        return url != null && url.isAbsolute() && !url.isOpaque()
                && ("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))
                && url.getHost() != null && url.getRawUserInfo() == null && url.getRawFragment() == null;
    }

    static boolean isDeliverable(String url) {
        try {
            return url != null && url.length() <= 2000 && isDeliverable(new URI(url));
        } catch (URISyntaxException malformed) {
            return false;
        }
    }

    @Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = Validator.class)
    public @interface Deliverable {
        String message() default "not a deliverable http(s) callback URL";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class Validator implements ConstraintValidator<Deliverable, String> {
        public Validator() {
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || isDeliverable(value);
        }
    }
}
