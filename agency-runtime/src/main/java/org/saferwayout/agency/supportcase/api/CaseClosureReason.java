package org.saferwayout.agency.supportcase.api;

/** Why a support case closed (coded: the case's notes stay in the agency's own records). */
public enum CaseClosureReason {
    GOALS_MET,
    SURVIVOR_DISENGAGED,
    TRANSFERRED_TO_ANOTHER_AGENCY,
    SURVIVOR_MOVED_AWAY,
    NO_LONGER_SAFE_TO_CONTACT,
    OTHER
}
