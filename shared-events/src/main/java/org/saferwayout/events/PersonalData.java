package org.saferwayout.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

/**
 * A survivor's personal data, field by category. Every field is optional; a share carries only the
 * categories a consent covers. {@link #toString()} never prints a value, so the data cannot reach a log
 * line by accident.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonalData(
        String name,
        LocalDate dateOfBirth,
        String contact,
        String safetyPlanSummary,
        String health,
        String legal,
        String serviceOutcome,
        Unreadable unreadable) {

    public static final PersonalData NONE = new PersonalData(null, null, null, null, null, null, null);

    /**
     * Why a reader holds no data where the exchange stored some: personal data is encrypted in the exchange
     * for its one recipient agency. Null whenever the data was read (or there was none).
     */
    public enum Unreadable {
        /** Its data key was destroyed (consent ended, erasure): crypto-shredded. */
        ERASED,
        /** Addressed to another agency: only the recipient holds the key. */
        NOT_FOR_THIS_AGENCY,
        /** The ciphertext does not authenticate against its event: altered or moved. */
        INTEGRITY_CHECK_FAILED
    }

    /** The data with every field, as read. */
    public PersonalData(String name, LocalDate dateOfBirth, String contact, String safetyPlanSummary, String health,
                        String legal, String serviceOutcome) {
        this(name, dateOfBirth, contact, safetyPlanSummary, health, legal, serviceOutcome, null);
    }

    /** The marked replacement a reader gets instead of data it may not or can no longer decrypt. */
    public static PersonalData unreadable(Unreadable why) {
        return new PersonalData(null, null, null, null, null, null, null, why);
    }

    /** Revision-2 shape, before service outcomes were data. */
    public PersonalData(String name, LocalDate dateOfBirth, String contact, String safetyPlanSummary, String health,
                        String legal) {
        this(name, dateOfBirth, contact, safetyPlanSummary, health, legal, null);
    }

    /** Only a service outcome: what a {@link ServiceDelivered} carries. */
    public static PersonalData serviceOutcome(String outcome) {
        return new PersonalData(null, null, null, null, null, null, outcome);
    }

    /** The categories this data has at least one field of. */
    public Set<DataCategory> categories() {
        Set<DataCategory> present = EnumSet.noneOf(DataCategory.class);
        if (name != null || dateOfBirth != null) {
            present.add(DataCategory.IDENTITY);
        }
        if (contact != null) {
            present.add(DataCategory.CONTACT);
        }
        if (safetyPlanSummary != null) {
            present.add(DataCategory.SAFETY_PLAN);
        }
        if (health != null) {
            present.add(DataCategory.HEALTH);
        }
        if (legal != null) {
            present.add(DataCategory.LEGAL);
        }
        if (serviceOutcome != null) {
            present.add(DataCategory.SERVICE_OUTCOME);
        }
        return present;
    }

    /** Only the fields of the given categories; the rest are dropped. */
    public PersonalData restrictedTo(Set<DataCategory> allowed) {
        boolean identity = allowed.contains(DataCategory.IDENTITY);
        return new PersonalData(
                identity ? name : null,
                identity ? dateOfBirth : null,
                allowed.contains(DataCategory.CONTACT) ? contact : null,
                allowed.contains(DataCategory.SAFETY_PLAN) ? safetyPlanSummary : null,
                allowed.contains(DataCategory.HEALTH) ? health : null,
                allowed.contains(DataCategory.LEGAL) ? legal : null,
                allowed.contains(DataCategory.SERVICE_OUTCOME) ? serviceOutcome : null);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return categories().isEmpty();
    }

    @Override
    public String toString() {
        return unreadable == null ? "PersonalData" + categories() : "PersonalData[unreadable: " + unreadable + "]";
    }
}
