package org.jwtgate.keys.jdbc;

/** The DPoP replay store on MariaDB at 127.0.0.1 (database test); skipped with one line when it is absent. */
@RequiresDatabase(TestDatabase.MARIADB)
class MariadbDpopReplayTest extends DpopReplayStoreContract {
    @Override
    TestDatabase db() {
        return TestDatabase.MARIADB;
    }
}
