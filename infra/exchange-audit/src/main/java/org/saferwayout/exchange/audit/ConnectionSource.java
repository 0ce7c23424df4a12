package org.saferwayout.exchange.audit;

import java.sql.Connection;
import java.sql.SQLException;

/** A connection to the exchange database: a pool's {@code getConnection}, or {@code DriverManager} in a tool. */
@FunctionalInterface
public interface ConnectionSource {

    Connection open() throws SQLException;
}
