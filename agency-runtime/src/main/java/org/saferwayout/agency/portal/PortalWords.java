package org.saferwayout.agency.portal;

import org.saferwayout.agency.config.AgencyRuntimeConfiguration;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words the portal shows for the codes the API uses: agencies by name, data categories as a survivor
 * would say them, other codes as plain lower-case words. Pages call it as {@code @portalWords}.
 */
@Component("portalWords")
public class PortalWords {

    /** The network works in Alberta; staff read times on its clock. */
    public static final ZoneId NETWORK_TIME = AgencyRuntimeConfiguration.NETWORK_TIME;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private static final Map<String, String> AGENCIES = Map.of(
            AgencyId.ALERT.code(), "ALERT",
            AgencyId.CEASE.code(), "CEASE",
            AgencyId.CATHOLIC_SOCIAL_SERVICES.code(), "Catholic Social Services",
            AgencyId.REACH.code(), "REACH Edmonton");

    private static final Map<DataCategory, String> CATEGORIES = Map.of(
            DataCategory.IDENTITY, "name and date of birth",
            DataCategory.CONTACT, "how to contact them",
            DataCategory.SAFETY_PLAN, "a summary of the safety plan",
            DataCategory.HEALTH, "health information",
            DataCategory.LEGAL, "legal and court information",
            DataCategory.SERVICE_OUTCOME, "how the services they received went");

    public String agency(String code) {
        return code == null ? "" : AGENCIES.getOrDefault(code, code);
    }

    public String agency(AgencyId agency) {
        return agency(agency.code());
    }

    public String category(String category) {
        return category == null ? "" : CATEGORIES.getOrDefault(DataCategory.valueOf(category), code(category));
    }

    public String category(DataCategory category) {
        return category(category.name());
    }

    /** A consent's categories as a sentence, in the order the form lists them. */
    public String categories(Collection<String> categories) {
        return list(categories.stream().map(DataCategory::valueOf).sorted().map(this::category).toList());
    }

    /** A consent's purposes as a sentence, in the order the form lists them. */
    public String purposes(Collection<String> purposes) {
        return list(purposes.stream().map(ConsentPurpose::valueOf).sorted().map(this::code).toList());
    }

    /** {@code SAFE_LODGING} reads "safe lodging". */
    public String code(Object code) {
        return code == null ? "" : code.toString().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Plain words joined as a sentence lists them: "a, b and c". */
    public String list(Collection<String> words) {
        List<String> all = List.copyOf(words);
        if (all.size() < 2) {
            return String.join("", all);
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.get(all.size() - 1);
    }

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(NETWORK_TIME));
    }

    public String day(Instant at) {
        return at == null ? "" : DAY.format(at.atZone(NETWORK_TIME));
    }

    public String day(LocalDate day) {
        return day == null ? "" : DAY.format(day);
    }

    /** For the {@code datetime} attribute of a {@code <time>} element. */
    public String machineTime(Instant at) {
        return at == null ? "" : at.toString();
    }
}
