package org.jwtgate;

import java.time.Duration;
import java.util.function.Consumer;
import org.jwtgate.config.GateConfig;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.TokenMinter;

/** A real local issuer, a controlled clock and an engine trusting that issuer, for one test. */
public final class GateFixture implements AutoCloseable {
    public static final String AUDIENCE = "orders-api";

    public final LocalIssuer issuer;
    public final MutableClock clock = MutableClock.startingNow();
    public final JwtGate gate;

    private GateFixture(LocalIssuer issuer, Consumer<GateConfig.Builder> customize, Boolean discovered) {
        this.issuer = issuer;
        GateConfig.Builder b = GateConfig.builder().audiences(AUDIENCE).clock(clock)
                .jwksReadTimeout(Duration.ofMillis(800)).jwksConnectTimeout(Duration.ofMillis(800));
        if (Boolean.TRUE.equals(discovered)) {
            b.issuer(issuer.issuer());
        } else if (Boolean.FALSE.equals(discovered)) {
            b.issuer(issuer.issuer(), issuer.jwksUri());
        }
        customize.accept(b);
        this.gate = JwtGate.createWithoutBackgroundRefresh(b.build());
    }

    public static GateFixture start() {
        return start(b -> { });
    }

    public static GateFixture start(Consumer<GateConfig.Builder> customize) {
        return new GateFixture(LocalIssuer.start(), customize, false);
    }

    public static GateFixture withIssuer(LocalIssuer issuer, Consumer<GateConfig.Builder> customize) {
        return new GateFixture(issuer, customize, false);
    }

    public static GateFixture discovering(LocalIssuer issuer, Consumer<GateConfig.Builder> customize) {
        return new GateFixture(issuer, customize, true);
    }

    /** An engine whose issuers are all set by {@code customize}. */
    public static GateFixture configured(LocalIssuer issuer, Consumer<GateConfig.Builder> customize) {
        return new GateFixture(issuer, customize, null);
    }

    /** A minter for a valid token: this issuer, its current key, the audience, subject alice, the test clock. */
    public TokenMinter minter() {
        return issuer.minter().audience(AUDIENCE).subject("alice").clock(clock);
    }

    public Outcome validate(String token) {
        return gate.validate(token);
    }

    public void advance(Duration d) {
        clock.advance(d);
    }

    @Override
    public void close() {
        gate.close();
        issuer.close();
    }
}
