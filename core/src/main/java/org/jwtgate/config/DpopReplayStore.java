package org.jwtgate.config;

/** Where an engine remembers the DPoP proofs it accepted: parameter {@code dpop-replay-store}. */
public enum DpopReplayStore {
    /** In this node's heap, per engine (the default): a proof replayed to another node is not seen there. */
    MEMORY,
    /** In a database table shared by every node (PostgreSQL or MariaDB). */
    JDBC
}
