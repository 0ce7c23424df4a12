package org.saferwayout.agency.authorization;

import org.saferwayout.agency.testapp.AgencyRuntimeTest;

/** The matrix for the agency runtime as every agency service runs it (here as ALERT, which adds no endpoint). */
@AgencyRuntimeTest
class AgencyRuntimeAuthorizationMatrixTest extends ServiceAuthorizationMatrix {
}
