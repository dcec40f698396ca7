package org.jwtgate.keys.jdbc;

/** The DPoP replay store on PostgreSQL at 127.0.0.1 (database test); skipped with one line when it is absent. */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresqlDpopReplayTest extends DpopReplayStoreContract {
    @Override
    TestDatabase db() {
        return TestDatabase.POSTGRESQL;
    }
}
