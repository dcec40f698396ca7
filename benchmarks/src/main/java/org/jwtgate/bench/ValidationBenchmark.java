package org.jwtgate.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One token, one key, every contender of {@link Contenders}, single thread: the raw JCA verify (the
 * floor), jwtgate's engine without its token cache ({@code jwtgate}) and answering from it
 * ({@code jwtgateCached}), the same two on the Amazon Corretto Crypto Provider ({@code floorAccp},
 * {@code jwtgateAccp}, no cache), plain jose4j, Nimbus, SmallRye JWT and auth0 java-jwt. auth0 has no PS256
 * or EdDSA: {@code run.sh} skips those pairs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class ValidationBenchmark {

    @Param({"RS256", "PS256", "ES256", "EdDSA"})
    public String alg;

    private Contenders c;
    private Contenders.Contender floor;
    private Contenders.Contender jwtgate;
    private Contenders.Contender jwtgateCached;
    private Contenders.Contender jose4j;
    private Contenders.Contender nimbus;
    private Contenders.Contender smallrye;
    private Contenders.Contender auth0;
    private Contenders.Contender floorAccp;
    private Contenders.Contender jwtgateAccp;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        c = new Contenders(alg);
        floor = c.get("floor");
        jwtgate = c.get("jwtgate");
        jwtgateCached = c.get("jwtgateCached");
        jose4j = c.get("jose4j");
        nimbus = c.get("nimbus");
        smallrye = c.get("smallrye");
        floorAccp = c.get("floorAccp");
        jwtgateAccp = c.get("jwtgateAccp");
        auth0 = c.all().getOrDefault("auth0", () -> {
            throw new UnsupportedOperationException("auth0 java-jwt does not support " + alg);
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        c.close();
    }

    @Benchmark
    public Object floor() throws Exception {
        return floor.run();
    }

    @Benchmark
    public Object jwtgate() throws Exception {
        return jwtgate.run();
    }

    @Benchmark
    public Object jwtgateCached() throws Exception {
        return jwtgateCached.run();
    }

    @Benchmark
    public Object jose4j() throws Exception {
        return jose4j.run();
    }

    @Benchmark
    public Object nimbus() throws Exception {
        return nimbus.run();
    }

    @Benchmark
    public Object smallrye() throws Exception {
        return smallrye.run();
    }

    /** The raw verify on the Amazon Corretto Crypto Provider (AWS-LC): the native floor. */
    @Benchmark
    public Object floorAccp() throws Exception {
        return floorAccp.run();
    }

    /** jwtgate without its token cache, {@code crypto-provider=accp}. */
    @Benchmark
    public Object jwtgateAccp() throws Exception {
        return jwtgateAccp.run();
    }

    @Benchmark
    public Object auth0() throws Exception {
        return auth0.run();
    }
}
