package org.saferwayout.reach.authorization;

import org.saferwayout.agency.authorization.ServiceAuthorizationMatrix;
import org.saferwayout.reach.testapp.ReachServiceTest;

/**
 * The matrix for REACH, which adds to the runtime the network directory (readable by every network agency's
 * token) and the outcome report.
 */
@ReachServiceTest
class ReachAuthorizationMatrixTest extends ServiceAuthorizationMatrix {
}
