package org.saferwayout.agency.security;

/**
 * Roles a principal can hold (the {@code roles} claim) and the access rules built from them. The agency
 * itself is checked for every {@code /api/**} request before these apply.
 */
public final class AgencyRoles {

    public static final String SAFETY_NETWORK_COORDINATOR = "SAFETY_NETWORK_COORDINATOR";
    public static final String INTAKE_WORKER = "INTAKE_WORKER";
    public static final String SUPERVISOR = "SUPERVISOR";
    public static final String AUDITOR = "AUDITOR";
    public static final String PRIVACY_OFFICER = "PRIVACY_OFFICER";
    public static final String AGENCY_SYSTEM = "AGENCY_SYSTEM";

    /** Staff who open cases, refer and work referrals. */
    public static final String CASE_WORKERS =
            "hasAnyRole('SAFETY_NETWORK_COORDINATOR', 'INTAKE_WORKER', 'SUPERVISOR')";

    /** Case workers, plus the agency's own case software (which reads, but does not act). */
    public static final String CASE_READERS =
            "hasAnyRole('SAFETY_NETWORK_COORDINATOR', 'INTAKE_WORKER', 'SUPERVISOR', 'AGENCY_SYSTEM')";

    /** Who reads the network's de-identified outcome report (counts only, small cells suppressed). */
    public static final String OUTCOME_REPORT_READERS =
            "hasAnyRole('SUPERVISOR', 'SAFETY_NETWORK_COORDINATOR', 'AUDITOR')";

    /** Who rotates the agency's key-encryption keys: its privacy officer, or its own systems (operations). */
    public static final String KEY_CUSTODIANS = "hasAnyRole('PRIVACY_OFFICER', 'AGENCY_SYSTEM')";

    /** Who may have a survivor's personal data erased network-wide. */
    public static final String ERASURE_OFFICERS = "hasRole('PRIVACY_OFFICER')";
    /** The auditors' views of the exchange: no personal data, ever. */
    public static final String AUDIT_READERS = "hasAnyRole('AUDITOR', 'PRIVACY_OFFICER')";
    /** What the retention job erased (counts and pseudonyms only). */
    public static final String RETENTION_READERS = "hasAnyRole('PRIVACY_OFFICER', 'AUDITOR')";

    private AgencyRoles() {
    }
}
