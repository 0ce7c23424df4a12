package org.saferwayout.agency.domain;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a private event (or of a record inside one) that holds a survivor's personal data: it
 * is stored sealed under her key ({@code SealingEventSerializer}, {@code SurvivorDataVault}) and reads back as
 * a marked replacement once her keys are destroyed. The event must be {@link SurvivorScoped}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalInformation {
}
