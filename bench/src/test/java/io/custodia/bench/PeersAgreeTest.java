package io.custodia.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.ConflictRule;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.RecordFacts;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Before any figure is compared, the three engines must give the same answers on the same world. */
class PeersAgreeTest {

    @Test
    void custodiaCasbinAndCedarDecideAlikeOnASampleOfRequests() {
        World world = new World(7, 300, 20, 4, 10, 5, 2_000, ConflictRule.MOST_PERMISSIVE);
        CasbinPeer casbin = new CasbinPeer(world);
        CedarPeer cedar = new CedarPeer(world);
        Random random = new Random(11);
        int allowed = 0;
        int denied = 0;
        for (int i = 0; i < 600; i++) {
            UserId user = world.users.get(random.nextInt(world.users.size()));
            Action action = Action.values()[random.nextInt(Action.values().length)];
            RecordFacts record = world.records.get(random.nextInt(world.records.size()));
            CompiledAccess access = world.policy.compile(user);

            boolean custodia = access.allows(action, record);

            assertThat(casbin.allows(user, action, record))
                    .as("casbin on %s %s", action, record)
                    .isEqualTo(custodia);
            assertThat(cedar.allows(user, action, record, cedar.resource(record)))
                    .as("cedar on %s %s", action, record)
                    .isEqualTo(custodia);
            if (custodia) {
                allowed++;
            } else {
                denied++;
            }
        }
        assertThat(allowed).isGreaterThan(30);
        assertThat(denied).isGreaterThan(30);
    }
}
