package io.custodia.bench;

import com.cedarpolicy.model.entity.Entity;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.ConflictRule;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.WorkspacePolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One decision, a page of 50 decisions and one compile, timed per call (sample mode gives p50 and
 * p99), for Custodia and, on the same world and requests, jCasbin and Cedar.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class EngineBenchmark {
    static final int REQUESTS = 1 << 16;

    /** Random requests over the standard world. */
    @State(Scope.Benchmark)
    public static class Requests {
        World world;
        UserId[] users;
        Action[] actions;
        RecordFacts[] records;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            world = World.standard(ConflictRule.MOST_PERMISSIVE);
            Random random = new Random(3);
            users = new UserId[REQUESTS];
            actions = new Action[REQUESTS];
            records = new RecordFacts[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                users[i] = world.users.get(random.nextInt(world.users.size()));
                actions[i] = Action.values()[random.nextInt(Action.values().length)];
                records[i] = world.records.get(random.nextInt(world.records.size()));
            }
        }

        int next() {
            next = (next + 1) & (REQUESTS - 1);
            return next;
        }
    }

    /** Every user's access compiled up front, as the server's cache holds it. */
    @State(Scope.Benchmark)
    public static class Compiled {
        CompiledAccess[] byRequest;
        CompiledAccess[] precedenceByRequest;
        WorkspacePolicy policy;

        @Setup(Level.Trial)
        public void setUp(Requests requests) {
            policy = requests.world.policy;
            WorkspacePolicy precedence = policy.withRule(ConflictRule.PRECEDENCE);
            Map<UserId, CompiledAccess> all = new HashMap<>();
            Map<UserId, CompiledAccess> allPrecedence = new HashMap<>();
            for (UserId u : requests.world.users) {
                all.put(u, policy.compile(u));
                allPrecedence.put(u, precedence.compile(u));
            }
            byRequest = new CompiledAccess[REQUESTS];
            precedenceByRequest = new CompiledAccess[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                byRequest[i] = all.get(requests.users[i]);
                precedenceByRequest[i] = allPrecedence.get(requests.users[i]);
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Casbin {
        CasbinPeer peer;

        @Setup(Level.Trial)
        public void setUp(Requests requests) {
            peer = new CasbinPeer(requests.world);
        }
    }

    @State(Scope.Benchmark)
    public static class Cedar {
        CedarPeer peer;
        Entity[] resources;

        @Setup(Level.Trial)
        public void setUp(Requests requests) {
            peer = new CedarPeer(requests.world);
            resources = new Entity[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                resources[i] = peer.resource(requests.records[i]);
            }
        }
    }

    @Benchmark
    public boolean custodiaDecide(Requests r, Compiled c) {
        int i = r.next();
        return c.byRequest[i].decide(r.actions[i], r.records[i]).allowed();
    }

    @Benchmark
    public boolean custodiaDecidePrecedence(Requests r, Compiled c) {
        int i = r.next();
        return c.precedenceByRequest[i].decide(r.actions[i], r.records[i]).allowed();
    }

    @Benchmark
    public void custodiaPageOf50(Requests r, Compiled c, Blackhole bh) {
        int start = r.next();
        CompiledAccess access = c.byRequest[start];
        for (int k = 0; k < 50; k++) {
            int i = (start + k) & (REQUESTS - 1);
            bh.consume(access.decide(Action.READ, r.records[i]).allowed());
        }
    }

    @Benchmark
    public CompiledAccess custodiaCompile(Requests r, Compiled c) {
        return c.policy.compile(r.users[r.next()]);
    }

    @Benchmark
    public boolean casbinDecide(Requests r, Casbin casbin) {
        int i = r.next();
        return casbin.peer.allows(r.users[i], r.actions[i], r.records[i]);
    }

    @Benchmark
    public boolean cedarDecide(Requests r, Cedar cedar) {
        int i = r.next();
        return cedar.peer.allows(r.users[i], r.actions[i], r.records[i], cedar.resources[i]);
    }
}
